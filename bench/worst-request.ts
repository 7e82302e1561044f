import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildASTSchema, parse } from 'graphql';
import { Client } from 'pg';
import { seedLarge } from '../tooling/demo/large';
import type { Role } from '../common/identity';
import { LIMITS } from '../gateway/armor';
import { issueDevelopmentToken } from '../gateway/auth';
import { listSizesFromSupergraph, operationCost } from '../gateway/cost';
import { readSupergraph } from '../gateway/supergraph';
import { prepareDatabases, startServices } from '../tooling/services';
import { benchConfig, benchDatabase, benchEnv, machine, progress } from './support';

/**
 * `npm run bench:worst`: the heaviest single requests a tenant with a valid token can construct under the limits
 * (cost, depth, aliases, MAX_RESPONSE_BYTES), sent to the gateway running as its own process (as `npm start` runs
 * it, --max-old-space-size=512) on the demo ecosystem plus `seedLarge` data (10,000 partners: a vendor has ~960
 * partnerships, a distributor ~500 network members). Per operation: its cost, the answer (bytes or the refusal), the
 * time, and the gateway's peak RSS while it ran (VmRSS polled every 10 ms). Writes bench/results/worst-request.md.
 */
const { values } = parseArgs({
  options: {
    deals: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '4' },
    out: { type: 'string', default: path.join('bench', 'results', 'worst-request.md') },
  },
});
const deals = Number(values.deals);
const concurrency = Number(values.concurrency);

const aliases = (n: number, body: string) => Array.from({ length: n }, (_, i) => `a${i}: ${body}`).join(' ');
/** Every field of a deal that every role may read (vendorNotes is the vendor's alone). */
const DEAL_FIELDS = `id customerName customerDomain status version hasConflict expectedCloseDate protectionExpiresAt createdAt updatedAt
  amount { amount currency } finalAmount { amount currency }`;
/** What a vendor may read of a network membership (credit terms are the distributor's and the partner's). */
const MEMBERSHIP_FIELDS = `id status joinedAt partner { id slug name region country types salesMotion createdAt }
  vendor { id slug name website headquartersCountry createdAt } distributor { id slug name region createdAt }`;
const DEAL_PAGE = (first: number) => `deals(first: ${first}) { totalCount edges { cursor node { ${DEAL_FIELDS}
  partner { id slug name region country } vendor { id slug name } distributor { id slug name region } lines { quantity product { id sku name } } } } }`;
/** The deepest nesting of pages a vendor may ask: deals → each deal's distributor → its network page. */
const DEALS_NETWORKS = (deals: number, member: string) =>
  `{ me { vendor { deals(first: ${deals}) { edges { node { id distributor { id network(first: 100) { totalCount edges { cursor node { ${member} } } } } } } } } } }`;

interface WorstOperation {
  name: string;
  role: Role;
  query: string;
  variables?: Record<string, unknown>;
}

const OPERATIONS: WorstOperation[] = [
  {
    name: 'example 1 (issue): vendors → partnerships → partner → networkMemberships → … × 3',
    role: 'DISTRIBUTOR',
    query:
      '{ vendors { partnerships { partner { networkMemberships { vendor { partnerships { partner { networkMemberships { vendor { partnerships { partner { slug } } } } } } } } } } } }',
  },
  {
    name: 'example 1 × 4 aliases (ran the old gateway out of heap)',
    role: 'DISTRIBUTOR',
    query: `{ ${aliases(4, 'vendors { partnerships { partner { networkMemberships { vendor { partnerships { partner { networkMemberships { vendor { partnerships { partner { slug } } } } } } } } } } }')} }`,
  },
  {
    name: 'vendor variant (issue): partnerships → partner → deals(first: 100)',
    role: 'VENDOR',
    query: '{ me { vendor { partnerships { partner { deals(first: 100) { edges { node { id customerName lines { quantity } } } } } } } } }',
  },
  {
    name: 'vendor: 100 deals × distributor network page of 100, 25 fields per member',
    role: 'VENDOR',
    query: DEALS_NETWORKS(100, MEMBERSHIP_FIELDS),
  },
  { name: 'vendor: 60 deals × distributor network page of 100, 25 fields per member', role: 'VENDOR', query: DEALS_NETWORKS(60, MEMBERSHIP_FIELDS) },
  {
    name: 'vendor: 60 deals × network page of 100, through a fragment',
    role: 'VENDOR',
    query: `{ me { vendor { deals(first: 60) { edges { node { ...Deal } } } } } }
      fragment Deal on Deal { id distributor { id network(first: 100) { totalCount edges { cursor node { ${MEMBERSHIP_FIELDS} } } } } }`,
  },
  {
    name: 'vendor: 100 deals × network page of 100, 15 aliases of the member id (bytes per cost at their largest)',
    role: 'VENDOR',
    query: DEALS_NETWORKS(100, `id ${aliases(15, 'id')}`),
  },
  {
    name: 'vendor: 100 deals × network page of 100 asking forbidden credit terms (one FORBIDDEN error per member)',
    role: 'VENDOR',
    query: DEALS_NETWORKS(100, 'id creditLimit { amount currency } paymentTermsDays partner { id name } vendor { id name }'),
  },
  {
    name: 'vendor: 2 aliases × 100 deals, every field, partner/vendor/distributor/lines',
    role: 'VENDOR',
    query: `{ ${aliases(2, DEAL_PAGE(100))} }`,
  },
  {
    name: 'vendor: every partnership (~960) with partner, program and tier, and products, incentives, accounts',
    role: 'VENDOR',
    query: `{ me { vendor { partnerships { id status salesMotion enrolledAt targetRevenue { amount currency } partner { id slug name types region country createdAt }
      program { id name protectionDays } tier { id name rank discountPercent rebatePercent } }
      products { id sku name category listPrice { amount currency } unitCost { amount currency } margin }
      incentives { id name kind audience startsOn endsOn budget { amount } eligibility { regions countries partnerTypes requiredCertifications productCategories } }
      directAccounts { id customerName domain } } } }`,
  },
  {
    name: 'vendor: 4 aliases × partners(first: 100) with types and certifications',
    role: 'VENDOR',
    query: `{ ${aliases(4, 'partners(first: 100) { totalCount edges { cursor node { id slug name types region country salesMotion createdAt certifications { id code name } } } }')} }`,
  },
  {
    name: 'distributor: 15 aliases × sell-through page of 100 and network page of 100',
    role: 'DISTRIBUTOR',
    query: `{ ${aliases(
      15,
      `me { distributor { sellThrough(first: 100) { edges { node { id quantity soldOn externalReference amount { amount currency } partner { id name region } vendor { id name } product { id sku name } } } }
      network(first: 100) { edges { node { ${MEMBERSHIP_FIELDS} creditLimit { amount currency } paymentTermsDays } } } } }`,
    )} }`,
  },
  {
    name: "distributor: network page of 100 × each partner's deals page of 100",
    role: 'DISTRIBUTOR',
    query: `{ me { distributor { network(first: 100) { edges { node { id partner { id name deals(first: 100) { edges { node { ${DEAL_FIELDS} } } } } } } } } } }`,
  },
  {
    name: 'partner: 5 aliases × own deals page of 100 with lines and history',
    role: 'PARTNER',
    query: `{ ${aliases(5, `me { partner { deals(first: 100) { edges { node { ${DEAL_FIELDS} lines { quantity product { id sku name } } history(first: 5) { edges { node { id fromStatus toStatus at } } } } } } } }`)} }`,
  },
];

interface Row {
  name: string;
  role: Role;
  cost: number;
  status: number;
  outcome: string;
  bytes: number;
  ms: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function vm(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** Sends `copies` of the operation at once and polls the gateway's RSS until every answer is read. */
async function measure(url: string, pid: number, token: string, op: WorstOperation, copies: number): Promise<Omit<Row, 'name' | 'role' | 'cost'>> {
  const rssBefore = vm(pid, 'VmRSS');
  let peak = rssBefore;
  const poll = setInterval(() => (peak = Math.max(peak, vm(pid, 'VmRSS'))), 10);
  const started = performance.now();
  try {
    const answers = await Promise.all(
      Array.from({ length: copies }, async () => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: op.query, variables: op.variables ?? {} }),
        });
        const text = await response.text();
        return { status: response.status, text };
      }),
    );
    const ms = performance.now() - started;
    const { status, text } = answers[0];
    const body = JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    const error = body.errors?.[0];
    const outcome = !error
      ? 'served'
      : body.data
        ? `served with ${body.errors!.length} error(s): ${error.extensions?.code}`
        : `${error.extensions?.code}: ${error.message.slice(0, 90)}`;
    return {
      status,
      outcome,
      bytes: Buffer.byteLength(text),
      ms: Math.round(ms),
      rssBeforeMb: mb(rssBefore),
      peakRssMb: mb(Math.max(peak, vm(pid, 'VmRSS'))),
    };
  } finally {
    clearInterval(poll);
  }
}

async function main(): Promise<void> {
  if (!Number.isInteger(deals) || deals < 1) throw new Error('--deals must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive integer');
  const config = benchConfig();
  const database = await benchDatabase(config);
  try {
    await prepareDatabases(database.urls, { seed: true, progress });
    progress(`seedLarge: 10,000 partners, ${deals} deals`);
    await seedLarge({ urls: database.urls, deals });
    // The organizations with the longest lists: they make the largest answers.
    const client = new Client({ connectionString: database.urls.vendor });
    await client.connect();
    const top = async (sql: string) => (await client.query<{ id: string }>(sql)).rows[0].id;
    const orgs: Record<Role, string> = {
      VENDOR: await top('SELECT vendor_id AS id FROM vendor.partnerships GROUP BY vendor_id ORDER BY count(*) DESC LIMIT 1'),
      DISTRIBUTOR: await top(
        'SELECT distributor_id AS id FROM distributor.network_memberships GROUP BY distributor_id ORDER BY count(*) DESC LIMIT 1',
      ),
      PARTNER: await top('SELECT partner_id AS id FROM partner.deals GROUP BY partner_id ORDER BY count(*) DESC LIMIT 1'),
    };
    // each signs in as its organization's ADMIN (the gateway admits ACTIVE members only)
    const SCHEMA: Record<Role, string> = { VENDOR: 'vendor', PARTNER: 'partner', DISTRIBUTOR: 'distributor' };
    const admins = {} as Record<Role, string>;
    for (const role of Object.keys(orgs) as Role[]) {
      const { rows } = await client.query<{ subject: string }>(
        `SELECT subject FROM ${SCHEMA[role]}.members WHERE organization_id = $1 AND status = 'ACTIVE' AND 'ADMIN' = ANY(groups) ORDER BY subject LIMIT 1`,
        [orgs[role]],
      );
      admins[role] = rows[0].subject;
    }
    await client.end();
    const services = await startServices({ env: benchEnv(), databaseUrls: database.urls, progress });
    try {
      const gateway = services.processes.find((p) => p.name === 'gateway')!;
      const pid = gateway.child.pid!;
      const tokens = Object.fromEntries(
        await Promise.all(
          (Object.keys(orgs) as Role[]).map(async (role) => [
            role,
            await issueDevelopmentToken(config, { subject: admins[role], role, organizationId: orgs[role] }),
          ]),
        ),
      ) as Record<Role, string>;
      const sdl = readSupergraph();
      const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
      const sizes = listSizesFromSupergraph(sdl);
      const rows: Row[] = [];
      const concurrent: Row[] = [];
      for (const op of OPERATIONS) {
        const cost = operationCost(schema, sizes, parse(op.query), undefined, op.variables);
        // one warm-up answer (query plan cached, connections open), then the measured one
        await measure(services.gatewayUrl, pid, tokens[op.role], op, 1);
        const row = { name: op.name, role: op.role, cost, ...(await measure(services.gatewayUrl, pid, tokens[op.role], op, 1)) };
        rows.push(row);
        progress(`${op.name}: cost ${cost}, ${row.outcome}, ${row.bytes} B, ${row.ms} ms, peak RSS ${row.peakRssMb} MB`);
      }
      // The heaviest answers (served, or refused past MAX_RESPONSE_BYTES), several copies at once (each its own request and budget).
      const heaviest = [...rows]
        .filter((r) => r.bytes > 100_000 || r.outcome.includes('MAX_RESPONSE_BYTES'))
        .sort((a, b) => b.peakRssMb - b.rssBeforeMb - (a.peakRssMb - a.rssBeforeMb));
      for (const row of heaviest.slice(0, 4)) {
        const op = OPERATIONS.find((o) => o.name === row.name)!;
        const result = {
          ...row,
          name: `${concurrency} × at once: ${row.name}`,
          ...(await measure(services.gatewayUrl, pid, tokens[op.role], op, concurrency)),
        };
        concurrent.push(result);
        progress(`${result.name}: ${result.outcome}, ${result.ms} ms, peak RSS ${result.peakRssMb} MB`);
      }
      const hwm = mb(vm(pid, 'VmHWM'));
      write([...rows, ...concurrent], hwm, config.maxResponseBytes);
    } finally {
      await services.stop();
    }
  } finally {
    await database.stop();
  }
}

function write(rows: Row[], hwmMb: number, maxResponseBytes: number): void {
  const command = `npm run bench:worst -- --deals ${deals} --concurrency ${concurrency}`;
  const table = rows
    .map(
      (r) =>
        `| ${r.name} | ${r.role} | ${r.cost.toLocaleString('en-US')} | ${r.status} ${r.outcome.replace(/\|/g, '\\|')} | ${r.bytes.toLocaleString('en-US')} | ${r.ms} | ${r.rssBeforeMb} → ${r.peakRssMb} |`,
    )
    .join('\n');
  const text = `# Worst single requests under the limits

\`${command}\` on ${new Date().toISOString().slice(0, 10)}, ${machine()}.

Limits: maxCost ${LIMITS.maxCost.toLocaleString('en-US')}, depth ${LIMITS.maxDepth}, ${LIMITS.maxAliases} aliases, MAX_RESPONSE_BYTES ${maxResponseBytes.toLocaleString('en-US')} (defaults).
Data: the demo ecosystem plus \`seedLarge\` (10,000 partners, ${deals.toLocaleString('en-US')} deals); each role is the organization with the longest
lists (the vendor with the most partnerships, the distributor with the largest network, the partner with the most deals).
Services as \`npm start\` runs them, each in its own process (gateway with --max-old-space-size=512). Each operation is sent once to warm
up, then once measured; RSS is the gateway's VmRSS before the request → the highest value polled every 10 ms until the answer was read.
Cost is gateway/cost.ts's count for the operation; a refused operation's answer is the refusal. Gateway VmHWM over the whole run: **${hwmMb} MB**.

| operation | role | cost | answer | bytes | ms | gateway RSS MB |
|---|---|---:|---|---:|---:|---:|
${table}
`;
  fs.mkdirSync(path.dirname(values.out!), { recursive: true });
  fs.writeFileSync(values.out!, text);
  progress(`wrote ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
