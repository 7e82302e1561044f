import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../common/db';
import { issueDevelopmentToken } from '../gateway/auth';
import { DEMO_TODAY } from '../tooling/demo/catalog';
import { seedLarge } from '../tooling/demo/large';
import { prepareDatabases, startServices } from '../tooling/services';
import { databaseOptions } from '../subgraphs/partner/database';
import { findLeadFunnel } from '../subgraphs/partner/repositories/lead-funnel';
import { ORGANIZATION_WIDE, leadScope } from '../subgraphs/partner/scope';
import { benchConfig, benchDatabase, benchEnv, machine, progress } from './support';

/**
 * `npm run bench:leads`: Vendor.leadFunnel(period) at seed:large scale, through the gateway (`npm start`'s processes),
 * one request at a time (what one user waits for), as the vendor with the most leads: the last twelve months and the
 * whole three years, the total alone and with every partner's row. Writes the figures, the data sizes and the
 * funnel statement's EXPLAIN ANALYZE to --out. Target (issue 15): p50 under 50 ms.
 */
const { values } = parseArgs({
  options: {
    deals: { type: 'string', default: '200000' },
    partners: { type: 'string', default: '10000' },
    'leads-per-partner-month': { type: 'string', default: '5' },
    sample: { type: 'string', default: '100' },
    out: { type: 'string', default: 'bench/results/leads.md' },
  },
});
const deals = Number(values.deals);
const partners = Number(values.partners);
const perMonth = Number(values['leads-per-partner-month']);
const sampleSize = Number(values.sample);
const command = `npm run bench:leads -- --deals ${deals} --partners ${partners} --leads-per-partner-month ${perMonth} --sample ${sampleSize} --out ${values.out}`;

const day = (offset: number) => new Date(DEMO_TODAY.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const PERIODS = [
  { name: 'last 12 months', period: { from: day(-364), to: day(0) } },
  { name: 'three years', period: { from: day(-1094), to: day(0) } },
];
const FIGURES = 'assigned accepted declined expired converted won wonUnverified medianHoursToAccept';
const SHAPES = [
  { name: 'total', selection: `total { ${FIGURES} }` },
  { name: 'total + every partner', selection: `total { ${FIGURES} } partners { partner { name } figures { ${FIGURES} } }` },
];

const percentile = (times: number[], p: number) => [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];

async function timed(url: string, token: string, body: string, count: number): Promise<{ times: number[]; bytes: number; rows: number }> {
  const times: number[] = [];
  let bytes = 0;
  let rows = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const text = await response.text();
    times.push(performance.now() - started);
    const answer = JSON.parse(text) as { data?: { me: { vendor: { leadFunnel: { partners?: unknown[] } } } }; errors?: unknown[] };
    if (response.status !== 200 || answer.errors?.length || !answer.data)
      throw new Error(`leadFunnel answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    bytes = text.length;
    rows = answer.data.me.vendor.leadFunnel.partners?.length ?? 0;
  }
  return { times, bytes, rows };
}

/** The funnel statement as the subgraph sends it, under EXPLAIN (ANALYZE, BUFFERS). */
async function explain(dataSource: DataSource, vendorId: string, period: { from: string; to: string }): Promise<string> {
  let plan = '';
  const explaining = {
    driver: dataSource.driver,
    query: async (text: string, parameters: unknown[]) => {
      const rows: { 'QUERY PLAN': string }[] = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, parameters);
      plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      return [];
    },
  } as unknown as DataSource;
  await findLeadFunnel(
    explaining,
    vendorId,
    period,
    leadScope({ role: 'VENDOR', organizationId: vendorId, subject: 'bench' } as never, ORGANIZATION_WIDE),
  );
  return plan;
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = benchConfig();
  const database = await benchDatabase(config);
  const cleanups: (() => Promise<void>)[] = [database.stop];
  try {
    await prepareDatabases(database.urls, { seed: true, progress });
    progress(`seedLarge: ${deals} deals, ${partners} partners, ${perMonth} leads per partner a month`);
    const seeded = Date.now();
    const counts = await seedLarge({
      urls: database.urls,
      deals,
      partners,
      leadsPerPartnerMonth: perMonth,
      onProgress: (p) => (p.phase === 'leads' && p.done % 2500 === 0 ? progress(`  leads: partners ${p.done}/${p.total}`) : undefined),
    });
    const seedSeconds = (Date.now() - seeded) / 1000;
    progress(`seedLarge: ${counts.leads} leads, ${counts.deals} deals in ${seedSeconds.toFixed(0)} s`);
    const client = new Client({ connectionString: database.urls.partner });
    await client.connect();
    // what autovacuum does to a table after a bulk load, at once: statistics, and the visibility map index-only scans need
    await client.query('VACUUM ANALYZE partner.leads');
    await client.query('VACUUM ANALYZE partner.deals');
    const { rows } = await client.query<{ id: string; slug: string; leads: number; partners: number }>(
      `SELECT v.id, v.slug, count(*)::int AS leads, count(DISTINCT l.partner_id)::int AS partners
         FROM partner.leads l JOIN vendor.vendors v ON v.id = l.vendor_id GROUP BY v.id, v.slug ORDER BY leads DESC LIMIT 1`,
    );
    const [{ total }] = (await client.query<{ total: number }>('SELECT count(*)::int AS total FROM partner.leads')).rows;
    await client.end();
    const vendor = rows[0];

    const services = await startServices({ env: benchEnv(), databaseUrls: database.urls, progress });
    cleanups.unshift(services.stop);
    const token = await issueDevelopmentToken(config, { subject: `user:${vendor.slug}`, role: 'VENDOR', organizationId: vendor.id });
    const results: string[] = [];
    for (const { name, period } of PERIODS) {
      for (const shape of SHAPES) {
        const body = JSON.stringify({
          query: `query Funnel($period: PeriodInput!) { me { vendor { leadFunnel(period: $period) { ${shape.selection} } } } }`,
          variables: { period },
        });
        await timed(services.gatewayUrl, token, body, 10);
        const { times, bytes, rows: partnerRows } = await timed(services.gatewayUrl, token, body, sampleSize);
        const line = `| ${name} (${period.from} – ${period.to}) | ${shape.name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 90).toFixed(1)} | ${percentile(times, 99).toFixed(1)} | ${partnerRows} | ${(bytes / 1024).toFixed(1)} |`;
        progress(line);
        results.push(line);
      }
    }

    const partnerDb = await openDatabase(databaseOptions(database.urls.partner), false);
    const plans: string[] = [];
    try {
      for (const { name, period } of PERIODS) plans.push(`### ${name}\n\n\`\`\`\n${await explain(partnerDb, vendor.id, period)}\n\`\`\``);
    } finally {
      await partnerDb.destroy();
    }

    const report = `# Vendor.leadFunnel at seed:large scale

Written by \`npm run bench:leads\` (bench/leads.ts); every run overwrites this file.

- Command: \`${command}\`
- Machine: ${machine()} (2 cores shared with other work while this ran)
- Date: ${new Date().toISOString()} (run took ${((Date.now() - started) / 60_000).toFixed(1)} min; seedLarge ${seedSeconds.toFixed(0)} s)
- Data: fresh embedded PostgreSQL, the demo seed plus \`seedLarge\`: ${partners.toLocaleString('en-US')} partners, ${deals.toLocaleString('en-US')} deals,
  ${total.toLocaleString('en-US')} leads (${perMonth} per partner a month over three years; ${(counts.leads ?? 0).toLocaleString('en-US')} inserted this run).
- Vendor: \`${vendor.slug}\`, the one with the most leads: ${vendor.leads.toLocaleString('en-US')} leads to ${vendor.partners.toLocaleString('en-US')} partners.

## Method

The services run as \`npm start\` runs them (one process each, the gateway enforcing the rule tree); one request at a time
through the gateway with the vendor's development JWT, ${10} warm-up requests then ${sampleSize} timed ones per row, wall
time at the client. Target (issue 15): p50 under 50 ms.

## Results (ms)

| period | selection | p50 | p90 | p99 | partner rows | response KiB |
|---|---|---|---|---|---|---|
${results.join('\n')}

## The funnel statement: EXPLAIN (ANALYZE, BUFFERS)

The one statement of \`findLeadFunnel\` (subgraphs/partner/repositories/lead-funnel.ts) for that vendor, as the subgraph sends it.

${plans.join('\n\n')}
`;
    fs.writeFileSync(values.out!, report);
    progress(`wrote ${values.out}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
