import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePorts } from '../tooling/net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { SUBGRAPHS, type Config, type SubgraphName } from '../common/config';
import { demoOrganizations } from '../tooling/demo/catalog';
import { seedLarge } from '../tooling/demo/large';
import { IDENTITY_HEADER, signIdentity } from '../common/identity';
import { issueDevelopmentToken } from '../gateway/auth';
import { prepareDatabases, spawnService, startServices } from '../tooling/services';
import { tokenFor } from '../test/support/stack';
import { benchConfig, benchDatabase, benchEnv, load, machine, median, processCpuMs, progress, type LoadResult, type Target } from './support';

/**
 * `npm run bench`: a mix of real operations with real tokens, side by side in one run, interleaved:
 * (a) our gateway enforcing the triangle, (b) our gateway with authorization off, (c) Hive Gateway on the same
 * supergraph and subgraphs, (d) the owning subgraph directly (single-subgraph operation only). Writes BENCHMARKS.md.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    large: { type: 'boolean', default: false },
    deals: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
  },
});
const seconds = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const warmup = Number(values.warmup);
const largeDeals = values.large ? Number(values.deals) : 0;
for (const [flag, n] of Object.entries({ duration: seconds, rounds, connections, warmup })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer`);
}
if (values.large && (!Number.isInteger(largeDeals) || largeDeals < 1)) throw new Error('--deals must be a positive integer');

const ROOT = path.resolve(__dirname, '..');
const HIVE_DIR = path.join(__dirname, '.hive');
const HIVE_VERSION = '2.15.1'; // engines: node >=20.0.0
const TARGETS = ['a', 'b', 'c', 'd'] as const;
type TargetName = (typeof TARGETS)[number];
const TARGET_LABEL: Record<TargetName, string> = {
  a: 'a. our gateway, triangle enforced',
  b: 'b. our gateway, authorization off',
  c: 'c. Hive Gateway',
  d: 'd. owning subgraph directly',
};

const year = new Date().getUTCFullYear();
const PERIOD = { from: `${year}-01-01`, to: `${year}-12-31` };

interface Operation {
  name: string;
  org: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The subgraph that alone serves it (target d). */
  subgraph?: SubgraphName;
}

const OPERATIONS: Operation[] = [
  {
    name: 'partner portal home (bluepeak-it)',
    org: 'bluepeak-it',
    query: `query PartnerHome { me { slug name partner { partnerships { status tier { name rank } vendor { name } }
      eligibleIncentives { id name kind }
      deals(first: 20) { totalCount edges { node { id status customerName amount { amount currency } vendor { name } distributor { name } } } } } } }`,
  },
  {
    name: 'distributor approval queue (tessera-distribution)',
    org: 'tessera-distribution',
    query: `query ApprovalQueue { me { slug distributor { approvalQueue(first: 20) { totalCount edges { node { id status customerName
      amount { amount currency } partner { name } vendor { name } conflicts { kind customerName deal { id } partner { slug } } } } } } } }`,
  },
  {
    name: 'vendor leaderboard + channel mix (northwind-cloud)',
    org: 'northwind-cloud',
    query: `query VendorDashboard($period: PeriodInput!) { me { slug vendor { name
      topPartners(period: $period, currency: "USD", limit: 10) { rank partner { name } revenue { amount currency } wonDeals lostDeals winRate }
      channelMix(period: $period, currency: "USD") { direct { amount } partnerSourced { amount } marketplace { amount } directShare partnerSourcedShare marketplaceShare } } } }`,
    variables: { period: PERIOD },
  },
  {
    name: 'single-subgraph lookup: vendors { slug name } (northwind-cloud)',
    org: 'northwind-cloud',
    query: `query Vendors { vendors { slug name } }`,
    subgraph: 'vendor',
  },
];

interface Hive {
  url: string;
  version: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function hiveVersion(): string | undefined {
  const file = path.join(HIVE_DIR, 'node_modules', '@graphql-hive', 'gateway', 'package.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

/** Installs Hive Gateway into bench/.hive on first use, writes its config and the supergraph with our subgraph URLs, starts it. */
async function startHive(subgraphUrls: Record<SubgraphName, string>): Promise<Hive> {
  if (!hiveVersion()) {
    progress(`installing @graphql-hive/gateway@${HIVE_VERSION} into bench/.hive (first use)`);
    fs.mkdirSync(HIVE_DIR, { recursive: true });
    const install = spawnSync('npm', ['install', '--prefix', HIVE_DIR, `@graphql-hive/gateway@${HIVE_VERSION}`, '--no-audit', '--no-fund'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (install.status !== 0 || !hiveVersion())
      throw new Error(`npm install failed (${install.status}): ${(install.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
  }
  let supergraph = fs.readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  for (const name of SUBGRAPHS) {
    supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${subgraphUrls[name]}$2`);
  }
  fs.writeFileSync(path.join(HIVE_DIR, 'supergraph.graphql'), supergraph);
  fs.writeFileSync(
    path.join(HIVE_DIR, 'gateway.config.mjs'),
    `// Written by bench/run.ts: forwards the client's signed identity header to every subgraph.
import { defineConfig } from '@graphql-hive/gateway';
export const gatewayConfig = defineConfig({
  supergraph: './supergraph.graphql',
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      return { '${IDENTITY_HEADER}': request.headers.get('${IDENTITY_HEADER}') };
    },
  },
});
`,
  );
  const [port] = await freePorts(1);
  const bin = path.join(HIVE_DIR, 'node_modules', '.bin', 'hive-gateway');
  const child = spawn(bin, ['supergraph', './supergraph.graphql', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: HIVE_DIR,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error', FORK: '1' }, // one process, like ours
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited with ${child.exitCode}: ${stderr.trim().slice(-500)}`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.ok) return { url, version: hiveVersion() ?? '?', child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`hive-gateway did not answer on ${url} within 60 s: ${stderr.trim().slice(-500)}`);
}

/** Resident set size of a process (Linux /proc), in bytes. */
function processRss(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const SQL_SAMPLE = 20;

/**
 * Statements PostgreSQL ran per request over `count` sequential requests (after one warm request), from
 * pg_stat_statements; undefined when the server does not load it (an external DATABASE_URL may not).
 */
async function statementsPerRequest(databaseUrl: string, target: Target, count: number): Promise<number | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT sum(calls) FROM pg_stat_statements');
    } catch {
      return undefined;
    }
    const calls = async () => {
      const { rows } = await client.query<{ n: string | null }>(
        "SELECT sum(calls)::text AS n FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'",
      );
      return Number(rows[0].n ?? 0);
    };
    await sample(target);
    const before = await calls();
    for (let i = 0; i < count; i++) await sample(target);
    return ((await calls()) - before) / count;
  } finally {
    await client.end();
  }
}

const LEADERBOARD_SAMPLE = 50;
const ALONE_SAMPLE = 50;
const LEADERBOARD_METRICS = ['REVENUE', 'WON_DEALS', 'WIN_RATE'] as const;

interface LeaderboardLatency {
  vendor: string;
  currency: string;
  deals: number;
  rows: { metric: string; p50: number; p90: number }[];
}

/** Milliseconds each of `count` requests took, sent one at a time; `check` may refuse an answer (it throws). */
async function timeSequential(target: Target, count: number, check: (answer: Sample) => void = () => {}): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const answer = await sample(target);
    times.push(performance.now() - started);
    check(answer);
  }
  return times;
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/**
 * Vendor.topPartners for this year through gateway a, one request at a time (what one user waits for), as the vendor
 * with the most deals in its main currency: 5 warm-up requests, then LEADERBOARD_SAMPLE timed ones per metric.
 */
async function leaderboardLatency(databaseUrl: string, gatewayUrl: string, config: Config): Promise<LeaderboardLatency> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client
    .query<{ id: string; slug: string; currency: string; deals: number }>(
      `SELECT v.id, v.slug, d.currency, count(*)::int AS deals FROM partner.deals d JOIN vendor.vendors v ON v.id = d.vendor_id
       GROUP BY v.id, v.slug, d.currency ORDER BY deals DESC LIMIT 1`,
    )
    .finally(() => client.end());
  const vendor = rows[0];
  const token = await issueDevelopmentToken(config, { subject: `user:${vendor.slug}`, role: 'VENDOR', organizationId: vendor.id });
  const result: LeaderboardLatency = { vendor: vendor.slug, currency: vendor.currency.trim(), deals: vendor.deals, rows: [] };
  for (const metric of LEADERBOARD_METRICS) {
    const body = JSON.stringify({
      query: `query Leaderboard($period: PeriodInput!) { me { vendor { topPartners(period: $period, metric: ${metric}, currency: "${result.currency}", limit: 10) { rank partner { name } revenue { amount currency } wonDeals lostDeals winRate } } } }`,
      variables: { period: PERIOD },
    });
    const target: Target = { url: gatewayUrl, headers: { authorization: `Bearer ${token}` }, body };
    const answered = (answer: Sample) => {
      if (answer.status !== 200 || answer.errors.length)
        throw new Error(`topPartners ${metric} answered HTTP ${answer.status}: ${answer.errors.join('; ')}`);
    };
    await timeSequential(target, 5, answered);
    const times = await timeSequential(target, LEADERBOARD_SAMPLE, answered);
    result.rows.push({ metric, p50: percentile(times, 50), p90: percentile(times, 90) });
    progress(`  topPartners ${metric}: p50 ${percentile(times, 50).toFixed(1)} ms, p90 ${percentile(times, 90).toFixed(1)} ms`);
  }
  return result;
}

interface Sample {
  status: number;
  errors: string[];
}

async function sample(target: Target): Promise<Sample> {
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: target.body,
    });
    const text = await response.text();
    let body: { data?: unknown; errors?: { message: string }[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { status: response.status, errors: [`not JSON: ${text.slice(0, 120)}`] };
    }
    const errors = (body.errors ?? []).map((e) => e.message);
    if (!errors.length && (body.data === null || body.data === undefined)) errors.push('no data');
    return { status: response.status, errors };
  } catch (error) {
    return { status: 0, errors: [(error as Error).message] };
  }
}

interface Run extends LoadResult {
  graphqlErrors: number;
  rssMaxMb: number;
  rssMedianMb: number;
  /** CPU time (user + system) the serving process spent per request, in ms. */
  cpuMsPerRequest: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;
const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function main(): Promise<void> {
  const started = Date.now();
  const config = benchConfig();
  const database = await benchDatabase(config);
  const cleanups: (() => Promise<void>)[] = [database.stop];
  try {
    await prepareDatabases(database.urls, { seed: true, progress });
    if (largeDeals) {
      progress(`seedLarge: ${largeDeals} deals`);
      const counts = await seedLarge({ urls: database.urls, deals: largeDeals });
      progress(`seedLarge: ${Object.values(counts).reduce((a, b) => a + b, 0)} rows`);
    }
    const services = await startServices({ env: benchEnv(), databaseUrls: database.urls, progress });
    cleanups.unshift(services.stop);
    const [openPort] = await freePorts(1);
    const open = await spawnService('gateway', { ...services.env, GATEWAY_PORT: String(openPort), AUTHORIZATION_MODE: 'off' });
    cleanups.unshift(open.stop);
    progress(`gateway (authorization off) ${open.url}  (pid ${open.child.pid})`);

    let hive: Hive | undefined;
    let hiveMissing = '';
    try {
      hive = await startHive(services.subgraphUrls);
      cleanups.unshift(hive.stop);
      progress(`Hive Gateway ${hive.version}  ${hive.url}  (pid ${hive.child.pid})`);
    } catch (error) {
      hiveMissing = (error as Error).message;
      progress(`Hive Gateway unavailable, continuing without (c): ${hiveMissing}`);
    }
    const pidOf = (name: SubgraphName | 'gateway') => services.processes.find((p) => p.name === name)!.child.pid;

    const orgs = new Map(demoOrganizations().map((o) => [o.slug, o]));
    const tokens = new Map<string, string>();
    for (const op of OPERATIONS) if (!tokens.has(op.org)) tokens.set(op.org, await tokenFor(op.org));
    /** A fresh target each time: the signed identity header lives 120 s, longer than one load. */
    const targetFor = async (op: Operation, name: TargetName): Promise<(Target & { pid?: number }) | undefined> => {
      const body = JSON.stringify({ query: op.query, variables: op.variables ?? {} });
      const bearer = { authorization: `Bearer ${tokens.get(op.org)}` };
      const signed = async () => {
        const org = orgs.get(op.org)!;
        return {
          [IDENTITY_HEADER]: await signIdentity({ subject: `user:${org.slug}`, role: org.role, organizationId: org.id }, config.gatewaySecret),
        };
      };
      if (name === 'a') return { url: services.gatewayUrl, headers: bearer, body, pid: pidOf('gateway') };
      if (name === 'b') return { url: open.url, headers: bearer, body, pid: open.child.pid };
      if (name === 'c') return hive ? { url: hive.url, headers: await signed(), body, pid: hive.child.pid } : undefined;
      return op.subgraph ? { url: services.subgraphUrls[op.subgraph], headers: await signed(), body, pid: pidOf(op.subgraph) } : undefined;
    };

    // Sample a few answers per operation and target; refuse to benchmark any pair that answers errors.
    const active = new Map<Operation, TargetName[]>();
    const refused: string[] = [];
    for (const op of OPERATIONS) {
      const names: TargetName[] = [];
      for (const name of TARGETS) {
        const target = await targetFor(op, name);
        if (!target) continue;
        const samples = await Promise.all([1, 2, 3].map(() => sample(target)));
        const bad = samples.find((s) => s.status !== 200 || s.errors.length);
        if (bad) {
          refused.push(`${op.name} via ${TARGET_LABEL[name]}: HTTP ${bad.status}, ${bad.errors.slice(0, 2).join('; ')}`);
          progress(`refused: ${refused[refused.length - 1]}`);
        } else names.push(name);
      }
      if (names.includes('a')) active.set(op, names);
      else if (names.length) refused.push(`${op.name}: not benchmarked at all, (a) answers errors`);
    }

    const runs = new Map<Operation, Partial<Record<TargetName, Run[]>>>();
    const measure = async (op: Operation, name: TargetName, duration: number): Promise<Run> => {
      const target = (await targetFor(op, name))!;
      const rss: number[] = [];
      const timer = setInterval(() => {
        const value = processRss(target.pid);
        if (value) rss.push(value);
      }, 500);
      const cpuBefore = processCpuMs(target.pid);
      let result: LoadResult;
      try {
        result = await load(target, duration, connections);
      } finally {
        clearInterval(timer);
      }
      const cpuMs = processCpuMs(target.pid) - cpuBefore;
      const after = await Promise.all([1, 2, 3].map(() => sample(target)));
      return {
        ...result,
        graphqlErrors: after.filter((s) => s.errors.length).length,
        rssMaxMb: rss.length ? mb(Math.max(...rss)) : NaN,
        rssMedianMb: rss.length ? mb(median(rss)) : NaN,
        cpuMsPerRequest: result.requests ? cpuMs / result.requests : NaN,
      };
    };

    progress('SQL statements per operation (through a, sequential)');
    const statements = new Map<Operation, { size: number; perRequest: number | undefined }[]>();
    for (const op of active.keys()) {
      const sizes = /first: 20/.test(op.query) ? [5, 20, 50] : [undefined];
      const rows: { size: number; perRequest: number | undefined }[] = [];
      for (const size of sizes) {
        const variant = size ? { ...op, query: op.query.replace(/first: 20/g, `first: ${size}`) } : op;
        rows.push({ size: size ?? NaN, perRequest: await statementsPerRequest(database.urls.vendor, (await targetFor(variant, 'a'))!, SQL_SAMPLE) });
      }
      statements.set(op, rows);
      progress(`  ${op.name}: ${rows.map((r) => `${Number.isNaN(r.size) ? '' : `first ${r.size}: `}${fixed(r.perRequest ?? NaN, 1)}`).join(', ')}`);
    }

    let leaderboard: LeaderboardLatency | undefined;
    if (largeDeals) {
      progress(`Vendor.topPartners over the large data, ${LEADERBOARD_SAMPLE} sequential requests per metric through a`);
      leaderboard = await leaderboardLatency(database.urls.partner, services.gatewayUrl, config);
    }

    progress(`warm-up (${warmup} s per operation and target)`);
    for (const [op, names] of active) for (const name of names) await measure(op, name, warmup);

    // One request at a time: what a single user waits for, and nothing in flight to share between requests.
    const alone = new Map<Operation, Partial<Record<TargetName, number>>>();
    for (const [op, names] of active) {
      const perOp: Partial<Record<TargetName, number>> = {};
      for (const name of names) {
        perOp[name] = percentile(await timeSequential((await targetFor(op, name))!, ALONE_SAMPLE), 50);
      }
      alone.set(op, perOp);
      progress(`one at a time, p50: ${op.name.slice(0, 40).padEnd(40)} ${names.map((n) => `${n} ${fixed(perOp[n]!, 1)} ms`).join('  ')}`);
    }
    for (let round = 1; round <= rounds; round++) {
      for (const [op, names] of active) {
        const perOp = runs.get(op) ?? {};
        runs.set(op, perOp);
        for (const name of names) {
          const run = await measure(op, name, seconds);
          (perOp[name] ??= []).push(run);
          progress(
            `round ${round}/${rounds} ${name} ${op.name.slice(0, 40).padEnd(40)} ${fixed(run.requestsPerSecond).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  cpu ${fixed(run.cpuMsPerRequest, 2)} ms/req  errors ${run.errors + run.non2xx}/${run.graphqlErrors}  rss ${fixed(run.rssMaxMb)} MB`,
          );
        }
      }
    }

    const versions = packageVersions();
    const command = `npm run bench -- --duration ${seconds} --rounds ${rounds} --connections ${connections} --warmup ${warmup}${largeDeals ? ` --large --deals ${largeDeals}` : ''}${values.out !== 'BENCHMARKS.md' ? ` --out ${values.out}` : ''}`;
    const related = ['bench/results/optimizations.md', 'bench/results/large.md'].filter(
      (file) => file !== values.out && fs.existsSync(path.join(ROOT, file)),
    );
    const sections: string[] = [];
    for (const [op, perOp] of runs) {
      const rows = TARGETS.filter((n) => perOp[n]?.length).map((n) => {
        const rs = perOp[n]!;
        return `| ${TARGET_LABEL[n]} | ${fixed(median(rs.map((r) => r.requestsPerSecond)))} | ${median(rs.map((r) => r.p50))} | ${median(rs.map((r) => r.p99))} | ${fixed(alone.get(op)?.[n] ?? NaN, 1)} | ${rs.reduce((s, r) => s + r.errors + r.non2xx, 0)} | ${rs.reduce((s, r) => s + r.graphqlErrors, 0)} | ${fixed(median(rs.map((r) => r.cpuMsPerRequest)), 2)} | ${fixed(median(rs.map((r) => r.rssMedianMb)))} / ${fixed(Math.max(...rs.map((r) => r.rssMaxMb)))} |`;
      });
      const ratio = (other: TargetName) => {
        const a = perOp.a ?? [];
        const b = perOp[other];
        if (!b?.length) return undefined;
        const perRound = a.map((r, i) => r.requestsPerSecond / b[i].requestsPerSecond);
        return `a/${other}: ${perRound.map((r) => r.toFixed(3)).join(', ')} → median **${median(perRound).toFixed(3)}**`;
      };
      const ratios = (['b', 'c', 'd'] as const).map(ratio).filter(Boolean);
      const sql = statements.get(op) ?? [];
      sections.push(`### ${op.name}

\`\`\`graphql
${op.query.replace(/\s+/g, ' ')}
\`\`\`
${op.variables ? `\nvariables: \`${JSON.stringify(op.variables)}\`\n` : ''}
| target | req/s | p50 ms | p99 ms | p50 ms, one at a time | errors (non-2xx, socket) | GraphQL errors (sampled) | CPU ms / request | RSS MB median / max |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
${rows.join('\n')}

Per-round throughput ratios (round 1…${rounds}): ${ratios.join('; ') || '–'}

SQL statements per request through a: ${sql.map((r) => `${Number.isNaN(r.size) ? '' : `\`first: ${r.size}\` `}**${fixed(r.perRequest ?? NaN, 1)}**`).join(', ') || '–'}
`);
    }

    const report = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); every run overwrites this file.${related.length ? ` See also: ${related.map((file) => `[${file}](${path.relative(path.dirname(path.resolve(ROOT, values.out)), path.join(ROOT, file))})`).join(', ')}.` : ''}

- Command: \`${command}\`
- Machine: ${machine()}
- Date: ${new Date().toISOString()} (run took ${((Date.now() - started) / 60000).toFixed(1)} min)
- Versions: Node ${process.version}; ${versions}; Hive Gateway ${hive ? `@graphql-hive/gateway ${hive.version}` : 'not run'}
- Data: fresh embedded PostgreSQL with the demo seed${largeDeals ? ` plus \`seedLarge\` with ${largeDeals} deals` : ''}.

## Method

Every service runs in a process of its own, as \`npm start\` runs them: the three subgraphs (one process each), our gateways
(one process each) and Hive Gateway, all on the same subgraphs, database and supergraph (\`schema/supergraph.graphql\`), loopback only;
the load generator is this process (autocannon in a worker thread). Targets:

- **a** our gateway with the triangle enforced (\`npm start\` configuration), client sends a development JWT;
- **b** a second gateway process on the same subgraphs with \`AUTHORIZATION_MODE=off\` (benchmark only), same JWT;
- **c** Hive Gateway (\`@graphql-hive/gateway\`, installed into \`bench/.hive\` on first use, not a project dependency; one process,
  \`FORK=1\`) on the supergraph with the subgraph URLs rewritten; the benchmark signs \`${IDENTITY_HEADER}\` (\`signIdentity\`, dev
  gateway secret) for the organization and Hive forwards it to the subgraphs (\`propagateHeaders.fromClientToSubgraphs\`); Hive does
  no authorization of its own;
- **d** the owning subgraph queried directly with the signed header, for the single-subgraph operation only (the ceiling).

autocannon, ${connections} connections, POST; ${warmup} s warm-up per operation and target, then ${rounds} round(s) of ${seconds} s in which
every operation hits every target in turn (interleaved), so the ratios compare runs seconds apart. Figures are medians over rounds;
errors are summed. Before measuring, 3 answers per operation and target are checked (HTTP 200, \`data\`, no \`errors\`) and a pair that
answers errors is refused; after every run 3 more answers are checked ("GraphQL errors (sampled)"; autocannon does not read bodies).
**p50 ms, one at a time**: ${ALONE_SAMPLE} sequential requests after the warm-up, what one user waits for. Under load, identical
operations in flight at once share subgraph fetches in both gateways (ours: \`channel_graph_subgraph_fetches_shared_total\`); one at
a time nothing is shared, so that column compares the gateways' own work per request.
**CPU ms / request** and **RSS** are those of the process that serves the target alone (the gateway process for a, b and c, the
subgraph process for d; \`/proc/<pid>\`, RSS sampled every 500 ms): 2 cores are shared by the load generator, the gateway, the
subgraphs and PostgreSQL, so CPU per request is the fairer measure of a gateway's own cost.
**SQL statements per request**: statements PostgreSQL executed (\`pg_stat_statements\` calls, every subgraph and every
statement, the subgraphs' scope-fact caches warm) over ${SQL_SAMPLE} sequential requests through a after one warm request, for the operation's
page size at 5, 20 and 50 where it has one: constant in list size means batching works (– when the database has no pg_stat_statements).
${hiveMissing ? `\n**Hive Gateway was not run**: ${hiveMissing}\n` : ''}${refused.length ? `\n**Refused** (answered errors before the run):\n${refused.map((r) => `- ${r}`).join('\n')}\n` : ''}
## Results

${sections.join('\n')}${
      leaderboard
        ? `
### Vendor.topPartners for ${year} at ${largeDeals.toLocaleString('en-US')} deals, one request at a time

As ${leaderboard.vendor} (the vendor with the most deals: ${leaderboard.deals.toLocaleString('en-US')} in ${leaderboard.currency}), through a, \`limit: 10\`,
5 warm-up then ${LEADERBOARD_SAMPLE} sequential requests per metric (latency the client measures, HTTP included).

| metric | p50 ms | p90 ms |
|---|--:|--:|
${leaderboard.rows.map((r) => `| ${r.metric} | ${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} |`).join('\n')}
`
        : ''
    }`;
    fs.writeFileSync(path.resolve(ROOT, values.out), report);
    console.log(report);
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
  }
}

function packageVersions(): string {
  const names = ['@apollo/gateway', '@apollo/server', 'graphql', 'graphql-shield', 'autocannon'];
  return names
    .map((name) => {
      try {
        const file = path.join(ROOT, 'node_modules', ...name.split('/'), 'package.json');
        return `${name} ${(JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version}`;
      } catch {
        return `${name} ?`;
      }
    })
    .join(', ');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
