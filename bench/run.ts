import fs from 'node:fs';
import { freePorts } from '../tooling/net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { SUBGRAPHS, type Config, type SubgraphName } from '../common/config';
import { demoEcosystem, demoOrganizations } from '../tooling/demo/catalog';
import { demoMembers } from '../tooling/demo/members';
import { seedLarge } from '../tooling/demo/large';
import { IDENTITY_HEADER, signIdentity } from '../common/identity';
import { issueDevelopmentToken } from '../gateway/auth';
import { prepareDatabases, spawnService, startServices } from '../tooling/services';
import { tokenFor } from '../test/support/stack';
import { startBaseline, type Baseline } from './baseline';
import { startHive, type Hive } from './hive';
import { mixRequests, mixSequence, type MixCaller, type MixRequest } from './mix';
import {
  benchConfig,
  benchDatabase,
  benchEnv,
  childrenCpuDelta,
  childrenCpuMs,
  load,
  loadSequence,
  machine,
  median,
  parentPid,
  processCpuMs,
  progress,
  type LoadResult,
  type MixHttpRequest,
  type Target,
} from './support';

/**
 * `npm run bench`: the independent-caller mix (every demo organization and member with its own token, portal
 * operations, each connection walking the mix from its own offset) side by side in one run, interleaved rounds:
 * (a) our gateway enforcing the triangle, (b) our gateway with authorization off, (c) Hive Gateway and (e) Hive
 * Gateway with Hive Router's Rust runtime on the same supergraph and subgraphs, (z) this project at a baseline commit
 * (--baseline <ref>) on its own stack. Then the lockstep "burst" table (one operation, one token, every connection at
 * once) with (d) the owning subgraph directly for the single-subgraph operation. Writes BENCHMARKS.md.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    'burst-duration': { type: 'string', default: '8' },
    'burst-rounds': { type: 'string', default: '2' },
    'skip-burst': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    large: { type: 'boolean', default: false },
    deals: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
  },
});
const seconds = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const warmup = Number(values.warmup);
const burstSeconds = Number(values['burst-duration']);
const burstRounds = Number(values['burst-rounds']);
const largeDeals = values.large ? Number(values.deals) : 0;
for (const [flag, n] of Object.entries({
  duration: seconds,
  rounds,
  connections,
  warmup,
  'burst-duration': burstSeconds,
  'burst-rounds': burstRounds,
})) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer`);
}
if (values.large && (!Number.isInteger(largeDeals) || largeDeals < 1)) throw new Error('--deals must be a positive integer');

const ROOT = path.resolve(__dirname, '..');
const TARGETS = ['a', 'b', 'c', 'e', 'z', 'd'] as const;
type TargetName = (typeof TARGETS)[number];
const MIX_TARGETS = ['a', 'b', 'c', 'e', 'z'] as const;
type MixTargetName = (typeof MIX_TARGETS)[number];
const TARGET_LABEL: Record<TargetName, string> = {
  a: 'a. our gateway, triangle enforced',
  b: 'b. our gateway, authorization off',
  c: 'c. Hive Gateway',
  e: 'e. Hive Gateway + Rust router runtime',
  z: 'z. baseline commit (its own stack)',
  d: 'd. owning subgraph directly',
};
const PROCESSES = ['gateway', ...SUBGRAPHS, 'postgres'] as const;
type ProcessName = (typeof PROCESSES)[number];

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

/** The lockstep operations of the burst table: one token, the same request from every connection at once. */
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

/** Where a target is served: its URL, how a caller authenticates to it, the processes that do the work. */
interface Endpoint {
  url: string;
  headers(caller: MixCaller): Promise<Record<string, string>>;
  /** The gateway (or the subgraph, for d), each subgraph, and PostgreSQL's postmaster (its backends are its children). */
  pids: Partial<Record<ProcessName, number>>;
  metricsUrl?: string;
}

interface MixRun extends LoadResult {
  round: number;
  /** Answers checked after the run that were not HTTP 200 with data and no errors. */
  graphqlErrors: number;
  rssMaxMb: number;
  /** CPU ms per request of each process (PostgreSQL: the sum of its backends). */
  cpu: Partial<Record<ProcessName, number>>;
  /** Subgraph fetches answered by an identical fetch in flight, of all the gateway's subgraph fetches (ours only). */
  shared?: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;
const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** PostgreSQL's postmaster for a database URL: the parent of a backend. */
async function postmasterOf(databaseUrl: string): Promise<number | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return parentPid(rows[0].pid);
  } finally {
    await client.end();
  }
}

/** Sums of the gateway's subgraph fetch counters (requests, shared in flight) from its /metrics, if it has them. */
async function fetchCounters(metricsUrl: string | undefined): Promise<{ fetches: number; shared: number } | undefined> {
  if (!metricsUrl) return undefined;
  try {
    const text = await (await fetch(metricsUrl)).text();
    const sum = (name: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    if (!text.includes('channel_graph_subgraph_fetches_shared_total')) return undefined;
    return { fetches: sum('channel_graph_subgraph_requests_total'), shared: sum('channel_graph_subgraph_fetches_shared_total') };
  } catch {
    return undefined;
  }
}

function cpuReading(pids: Endpoint['pids']): Partial<Record<ProcessName, number | Map<number, number>>> {
  const reading: Partial<Record<ProcessName, number | Map<number, number>>> = {};
  for (const name of PROCESSES) {
    const pid = pids[name];
    if (pid) reading[name] = name === 'postgres' ? childrenCpuMs(pid) : processCpuMs(pid);
  }
  return reading;
}

function cpuPerRequest(before: ReturnType<typeof cpuReading>, after: ReturnType<typeof cpuReading>, requests: number): MixRun['cpu'] {
  const cpu: MixRun['cpu'] = {};
  for (const name of PROCESSES) {
    const [b, a] = [before[name], after[name]];
    if (b === undefined || a === undefined || !requests) continue;
    cpu[name] = (typeof a === 'number' ? a - (b as number) : childrenCpuDelta(b as Map<number, number>, a)) / requests;
  }
  return cpu;
}

const cleanups: (() => Promise<void>)[] = [];
let cleaningUp: Promise<void> | undefined;
/** Stops everything started, newest first, once (normal end, failure and SIGINT/SIGTERM all come here). */
function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
  })();
  return cleaningUp;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    progress(`${signal}: stopping every process the benchmark started`);
    void cleanUp().then(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = benchConfig();
  // The baseline first: a bad ref or a failed install should fail before anything else starts.
  let baseline: Baseline | undefined;
  if (values.baseline) {
    baseline = await startBaseline(values.baseline, progress, (stop) => cleanups.unshift(stop));
    progress(`baseline ${baseline.subject}: gateway ${baseline.gatewayUrl} (pid ${baseline.pids.gateway})`);
  }
  const database = await benchDatabase(config);
  cleanups.unshift(database.stop);
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

  const hives: Partial<Record<'c' | 'e', Hive>> = {};
  const hiveMissing: Partial<Record<'c' | 'e', string>> = {};
  for (const name of ['c', 'e'] as const) {
    try {
      const hive = await startHive(services.subgraphUrls, { routerRuntime: name === 'e' });
      hives[name] = hive;
      cleanups.unshift(hive.stop);
      progress(`${TARGET_LABEL[name]}: ${hive.version}  ${hive.url}  (pid ${hive.child.pid})`);
    } catch (error) {
      hiveMissing[name] = (error as Error).message;
      progress(`${TARGET_LABEL[name]} unavailable, continuing without (${name}): ${hiveMissing[name]}`);
    }
  }
  const pidOf = (name: SubgraphName | 'gateway') => services.processes.find((p) => p.name === name)!.child.pid;
  const ourPostgres = await postmasterOf(database.urls.vendor);
  const subgraphPids = Object.fromEntries(SUBGRAPHS.map((name) => [name, pidOf(name)]));

  // Callers: every demo organization's ADMIN and every demo person, each with its own token.
  const eco = demoEcosystem();
  const callers: MixCaller[] = demoMembers().map((m) => ({
    organizationSlug: m.organizationSlug,
    organizationId: m.organizationId,
    role: m.role,
    subject: m.subject,
    groups: m.groups,
  }));
  const tokens = new Map<string, string>();
  for (const caller of callers) tokens.set(caller.subject, await tokenFor(caller.organizationSlug, caller.subject));
  const bearer = async (caller: MixCaller) => ({ authorization: `Bearer ${tokens.get(caller.subject)}` });
  /** What our gateway would sign for the caller, for the targets without a gateway of ours (c, e, d). */
  const signed = async (caller: MixCaller) => ({
    [IDENTITY_HEADER]: await signIdentity(
      { subject: caller.subject, role: caller.role, organizationId: caller.organizationId, groups: caller.groups },
      config.gatewaySecret,
    ),
  });
  const endpoints: Partial<Record<TargetName, Endpoint>> = {
    a: {
      url: services.gatewayUrl,
      headers: bearer,
      pids: { gateway: pidOf('gateway'), ...subgraphPids, postgres: ourPostgres },
      metricsUrl: services.gatewayUrl.replace(/\/graphql$/, '/metrics'),
    },
    b: {
      url: open.url,
      headers: bearer,
      pids: { gateway: open.child.pid, ...subgraphPids, postgres: ourPostgres },
      metricsUrl: open.url.replace(/\/graphql$/, '/metrics'),
    },
  };
  for (const name of ['c', 'e'] as const) {
    const hive = hives[name];
    if (hive) endpoints[name] = { url: hive.url, headers: signed, pids: { gateway: hive.child.pid, ...subgraphPids, postgres: ourPostgres } };
  }
  if (baseline) {
    endpoints.z = {
      url: baseline.gatewayUrl,
      headers: bearer,
      pids: { ...baseline.pids, postgres: await postmasterOf(baseline.databaseUrl) },
      metricsUrl: baseline.gatewayUrl.replace(/\/graphql$/, '/metrics'),
    };
  }

  // The mix, checked: every distinct request on every target answers HTTP 200 with data and no errors, or it is left
  // out of the mix for every target (so all measure the same requests) and named in the report.
  const allRequests = mixRequests(callers, { year, vendors: eco.vendors.map((v) => ({ id: v.id, slug: v.slug, currency: v.currency })) });
  const bodyOf = (request: MixRequest) => JSON.stringify({ query: request.query, variables: request.variables });
  const mixTargets = MIX_TARGETS.filter((name) => endpoints[name]);
  progress(`checking the mix's ${allRequests.length} distinct requests on ${mixTargets.join(', ')}`);
  const failures = new Map<MixRequest, string[]>();
  for (const name of mixTargets) {
    const endpoint = endpoints[name]!;
    const queue = [...allRequests];
    // Four at a time: quick, and no two of one caller's requests need to be in flight together.
    const check = async () => {
      for (let request = queue.shift(); request; request = queue.shift()) {
        const answer = await sample({ url: endpoint.url, headers: await endpoint.headers(request.caller), body: bodyOf(request) });
        if (answer.status !== 200 || answer.errors.length) {
          const list = failures.get(request) ?? [];
          list.push(`${name}: HTTP ${answer.status}${answer.errors.length ? `, ${answer.errors.slice(0, 2).join('; ')}` : ''}`);
          failures.set(request, list);
        }
      }
    };
    await Promise.all([check(), check(), check(), check()]);
    progress(`  ${name}: checked`);
  }
  const requests = allRequests.filter((request) => !failures.has(request));
  for (const [request, list] of failures) progress(`left out of the mix: ${request.label}: ${list.join(' | ')}`);
  if (!requests.length) throw new Error('no request of the mix answers without errors on every target');
  const sequence = mixSequence(requests);
  progress(`mix: ${requests.length} distinct requests (${allRequests.length - requests.length} left out), a sequence of ${sequence.length}`);

  const httpRequests = async (endpoint: Endpoint): Promise<MixHttpRequest[]> => {
    const headers = new Map<string, Record<string, string>>();
    for (const caller of callers) headers.set(caller.subject, await endpoint.headers(caller));
    const urlPath = new URL(endpoint.url).pathname;
    return sequence.map((index) => ({
      method: 'POST',
      path: urlPath,
      headers: { 'content-type': 'application/json', ...headers.get(requests[index].caller.subject)! },
      body: bodyOf(requests[index]),
    }));
  };
  const measureMix = async (name: MixTargetName, duration: number, round: number): Promise<MixRun> => {
    const endpoint = endpoints[name]!;
    const sent = await httpRequests(endpoint); // fresh signed headers: they live 120 s
    const rss: number[] = [];
    const timer = setInterval(() => {
      const value = processRss(endpoint.pids.gateway);
      if (value) rss.push(value);
    }, 500);
    const countersBefore = await fetchCounters(endpoint.metricsUrl);
    const cpuBefore = cpuReading(endpoint.pids);
    let result: LoadResult;
    try {
      result = await loadSequence(endpoint.url, sent, duration, connections);
    } finally {
      clearInterval(timer);
    }
    const cpuAfter = cpuReading(endpoint.pids);
    const countersAfter = await fetchCounters(endpoint.metricsUrl);
    // After the run, a few of the requests again (autocannon does not read bodies).
    const checked = await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => {
        const request = requests[sequence[(round * 7 + i * 13) % sequence.length]];
        return sample({ url: endpoint.url, headers: await endpoint.headers(request.caller), body: bodyOf(request) });
      }),
    );
    const fetched = countersBefore && countersAfter ? countersAfter.fetches - countersBefore.fetches : 0;
    return {
      ...result,
      round,
      graphqlErrors: checked.filter((s) => s.status !== 200 || s.errors.length).length,
      rssMaxMb: rss.length ? mb(Math.max(...rss)) : NaN,
      cpu: cpuPerRequest(cpuBefore, cpuAfter, result.requests),
      ...(fetched > 0 ? { shared: (countersAfter!.shared - countersBefore!.shared) / fetched } : {}),
    };
  };

  progress(`mix warm-up (${warmup} s per target)`);
  for (const name of mixTargets) await measureMix(name, warmup, 0);
  const mixRuns: Partial<Record<MixTargetName, MixRun[]>> = {};
  for (let round = 1; round <= rounds; round++) {
    // Interleaved, and each round starts with another target, so no target always runs first or last.
    const order = mixTargets.map((_, i) => mixTargets[(i + round - 1) % mixTargets.length]);
    for (const name of order) {
      const run = await measureMix(name, seconds, round);
      (mixRuns[name] ??= []).push(run);
      const cpu = PROCESSES.map((p) => `${p} ${fixed(run.cpu[p] ?? NaN, 2)}`).join(' ');
      progress(
        `mix round ${round}/${rounds} ${name} ${fixed(run.requestsPerSecond, 1).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  errors ${run.errors + run.non2xx}/${run.graphqlErrors}  cpu ms/req: ${cpu}  shared ${run.shared === undefined ? '–' : `${(run.shared * 100).toFixed(0)} %`}  rss ${fixed(run.rssMaxMb)} MB`,
      );
    }
  }

  // The burst table: the lockstep single-operation runs (one token, the same request from every connection).
  const orgs = new Map(demoOrganizations().map((o) => [o.slug, o]));
  const adminOf = (slug: string) => callers.find((c) => c.organizationSlug === slug && c.subject === `user:${slug}`)!;
  const targetFor = async (op: Operation, name: TargetName): Promise<(Target & { pid?: number }) | undefined> => {
    const body = JSON.stringify({ query: op.query, variables: op.variables ?? {} });
    const caller = adminOf(orgs.get(op.org)!.slug);
    if (name === 'd')
      return op.subgraph ? { url: services.subgraphUrls[op.subgraph], headers: await signed(caller), body, pid: pidOf(op.subgraph) } : undefined;
    const endpoint = endpoints[name];
    return endpoint ? { url: endpoint.url, headers: await endpoint.headers(caller), body, pid: endpoint.pids.gateway } : undefined;
  };
  const active = new Map<Operation, TargetName[]>();
  const refused: string[] = [];
  const runs = new Map<Operation, Partial<Record<TargetName, Run[]>>>();
  const alone = new Map<Operation, Partial<Record<TargetName, number>>>();
  const statements = new Map<Operation, { size: number; perRequest: number | undefined }[]>();
  let leaderboard: LeaderboardLatency | undefined;
  if (!values['skip-burst']) {
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

    if (largeDeals) {
      progress(`Vendor.topPartners over the large data, ${LEADERBOARD_SAMPLE} sequential requests per metric through a`);
      leaderboard = await leaderboardLatency(database.urls.partner, services.gatewayUrl, config);
    }

    progress(`burst warm-up (2 s per operation and target)`);
    for (const [op, names] of active) for (const name of names) await measure(op, name, 2);

    // One request at a time: what a single user waits for, and nothing in flight to share between requests.
    for (const [op, names] of active) {
      const perOp: Partial<Record<TargetName, number>> = {};
      for (const name of names) perOp[name] = percentile(await timeSequential((await targetFor(op, name))!, ALONE_SAMPLE), 50);
      alone.set(op, perOp);
      progress(`one at a time, p50: ${op.name.slice(0, 40).padEnd(40)} ${names.map((n) => `${n} ${fixed(perOp[n]!, 1)} ms`).join('  ')}`);
    }
    for (let round = 1; round <= burstRounds; round++) {
      for (const [op, names] of active) {
        const perOp = runs.get(op) ?? {};
        runs.set(op, perOp);
        for (const name of names) {
          const run = await measure(op, name, burstSeconds);
          (perOp[name] ??= []).push(run);
          progress(
            `burst round ${round}/${burstRounds} ${name} ${op.name.slice(0, 40).padEnd(40)} ${fixed(run.requestsPerSecond).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  cpu ${fixed(run.cpuMsPerRequest, 2)} ms/req  errors ${run.errors + run.non2xx}/${run.graphqlErrors}  rss ${fixed(run.rssMaxMb)} MB`,
          );
        }
      }
    }
  }

  fs.writeFileSync(
    path.resolve(ROOT, values.out),
    report({
      started,
      baseline,
      hives,
      hiveMissing,
      requests,
      allRequests,
      failures,
      sequenceLength: sequence.length,
      mixRuns,
      mixTargets,
      runs,
      alone,
      statements,
      refused,
      leaderboard,
    }),
  );
  progress(`wrote ${values.out}`);
}

interface ReportInput {
  started: number;
  baseline?: Baseline;
  hives: Partial<Record<'c' | 'e', Hive>>;
  hiveMissing: Partial<Record<'c' | 'e', string>>;
  requests: MixRequest[];
  allRequests: MixRequest[];
  failures: Map<MixRequest, string[]>;
  sequenceLength: number;
  mixRuns: Partial<Record<MixTargetName, MixRun[]>>;
  mixTargets: MixTargetName[];
  runs: Map<Operation, Partial<Record<TargetName, Run[]>>>;
  alone: Map<Operation, Partial<Record<TargetName, number>>>;
  statements: Map<Operation, { size: number; perRequest: number | undefined }[]>;
  refused: string[];
  leaderboard?: LeaderboardLatency;
}

/** Per-round ratios of `of(x)` between two targets' runs (same round), and their median. */
function ratios(mine: MixRun[] | undefined, theirs: MixRun[] | undefined, of: (run: MixRun) => number | undefined): string | undefined {
  if (!mine?.length || !theirs?.length) return undefined;
  const perRound = mine
    .map((run) => {
      const other = theirs.find((r) => r.round === run.round);
      const [x, y] = [of(run), other && of(other)];
      return x !== undefined && y !== undefined && y > 0 ? x / y : NaN;
    })
    .filter(Number.isFinite);
  return perRound.length ? `${perRound.map((r) => r.toFixed(2)).join(', ')} → **${median(perRound).toFixed(2)}**` : undefined;
}

const subgraphCpu = (run: MixRun) =>
  SUBGRAPHS.every((s) => run.cpu[s] !== undefined) ? SUBGRAPHS.reduce((sum, s) => sum + run.cpu[s]!, 0) : undefined;
const totalCpu = (run: MixRun) => PROCESSES.reduce((sum, p) => sum + (run.cpu[p] ?? 0), 0);

function report(input: ReportInput): string {
  const { baseline, hives, mixRuns, runs } = input;
  const versions = packageVersions();
  const command = [
    'npm run bench --',
    `--duration ${seconds} --rounds ${rounds} --connections ${connections} --warmup ${warmup}`,
    values['skip-burst'] ? '--skip-burst' : `--burst-duration ${burstSeconds} --burst-rounds ${burstRounds}`,
    baseline ? `--baseline ${baseline.ref}` : '',
    largeDeals ? `--large --deals ${largeDeals}` : '',
    values.out !== 'BENCHMARKS.md' ? `--out ${values.out}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const related = ['bench/results/optimizations.md', 'bench/results/large.md'].filter(
    (file) => file !== values.out && fs.existsSync(path.join(ROOT, file)),
  );
  const label = (name: TargetName) =>
    name === 'z' && baseline ? `z. baseline ${baseline.sha.slice(0, 7)}` : name === 'c' || name === 'e' ? TARGET_LABEL[name] : TARGET_LABEL[name];
  const med = (rs: MixRun[], of: (run: MixRun) => number | undefined) => {
    const xs = rs.map(of).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return xs.length ? median(xs) : NaN;
  };
  const mixRows = input.mixTargets
    .filter((n) => mixRuns[n]?.length)
    .map((n) => {
      const rs = mixRuns[n]!;
      const cpu = PROCESSES.map((p) =>
        fixed(
          med(rs, (r) => r.cpu[p]),
          2,
        ),
      );
      const shared = med(rs, (r) => r.shared);
      return `| ${label(n)} | ${fixed(
        med(rs, (r) => r.requestsPerSecond),
        1,
      )} | ${med(rs, (r) => r.p50)} | ${med(rs, (r) => r.p99)} | ${rs.reduce((s, r) => s + r.errors + r.non2xx, 0)} / ${rs.reduce((s, r) => s + r.graphqlErrors, 0)} | ${cpu.join(' | ')} | ${fixed(med(rs, subgraphCpu), 2)} | ${fixed(med(rs, totalCpu), 2)} | ${fixed(Math.max(...rs.map((r) => r.rssMaxMb)))} | ${Number.isFinite(shared) ? `${(shared * 100).toFixed(0)} %` : '–'} |`;
    });
  const roundRows = input.mixTargets
    .filter((n) => mixRuns[n]?.length)
    .flatMap((n) =>
      mixRuns[n]!.map(
        (r) =>
          `| ${r.round} | ${n} | ${fixed(r.requestsPerSecond, 1)} | ${r.p50} | ${r.p99} | ${r.errors + r.non2xx} / ${r.graphqlErrors} | ${PROCESSES.map((p) => fixed(r.cpu[p] ?? NaN, 2)).join(' | ')} | ${r.shared === undefined ? '–' : `${(r.shared * 100).toFixed(0)} %`} |`,
      ),
    )
    .sort();
  const a = mixRuns.a;
  const ratioLines = [
    ...(['b', 'c', 'e', 'z'] as const).map((n) => {
      const rps = ratios(a, mixRuns[n], (r) => r.requestsPerSecond);
      return rps
        ? `- **a/${n}** req/s: ${rps}; p99: ${ratios(a, mixRuns[n], (r) => r.p99) ?? '–'}; gateway CPU ms/req: ${ratios(a, mixRuns[n], (r) => r.cpu.gateway) ?? '–'}`
        : undefined;
    }),
    mixRuns.z
      ? `- **a/z subgraphs** CPU ms/req (the three together): ${ratios(a, mixRuns.z, subgraphCpu) ?? '–'}; per subgraph: ${SUBGRAPHS.map((s) => `${s} ${ratios(a, mixRuns.z, (r) => r.cpu[s]) ?? '–'}`).join('; ')}; PostgreSQL: ${ratios(a, mixRuns.z, (r) => r.cpu.postgres) ?? '–'}`
      : undefined,
  ].filter(Boolean);

  const sections: string[] = [];
  for (const [op, perOp] of runs) {
    const rows = TARGETS.filter((n) => perOp[n]?.length).map((n) => {
      const rs = perOp[n]!;
      return `| ${label(n)} | ${fixed(median(rs.map((r) => r.requestsPerSecond)))} | ${median(rs.map((r) => r.p50))} | ${median(rs.map((r) => r.p99))} | ${fixed(input.alone.get(op)?.[n] ?? NaN, 1)} | ${rs.reduce((s, r) => s + r.errors + r.non2xx, 0)} | ${rs.reduce((s, r) => s + r.graphqlErrors, 0)} | ${fixed(median(rs.map((r) => r.cpuMsPerRequest)), 2)} | ${fixed(median(rs.map((r) => r.rssMedianMb)))} / ${fixed(Math.max(...rs.map((r) => r.rssMaxMb)))} |`;
    });
    const ratio = (other: TargetName) => {
      const mine = perOp.a ?? [];
      const theirs = perOp[other];
      if (!theirs?.length) return undefined;
      const perRound = mine.map((r, i) => r.requestsPerSecond / theirs[i].requestsPerSecond);
      return `a/${other}: ${perRound.map((r) => r.toFixed(3)).join(', ')} → median **${median(perRound).toFixed(3)}**`;
    };
    const sql = input.statements.get(op) ?? [];
    sections.push(`#### ${op.name}

\`\`\`graphql
${op.query.replace(/\s+/g, ' ')}
\`\`\`
${op.variables ? `\nvariables: \`${JSON.stringify(op.variables)}\`\n` : ''}
| target | req/s | p50 ms | p99 ms | p50 ms, one at a time | errors (non-2xx, socket) | GraphQL errors (sampled) | CPU ms / request | RSS MB median / max |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
${rows.join('\n')}

Per-round throughput ratios (round 1…${burstRounds}): ${(['b', 'c', 'e', 'z', 'd'] as const).map(ratio).filter(Boolean).join('; ') || '–'}

SQL statements per request through a: ${sql.map((r) => `${Number.isNaN(r.size) ? '' : `\`first: ${r.size}\` `}**${fixed(r.perRequest ?? NaN, 1)}**`).join(', ') || '–'}
`);
  }

  const byOperation = new Map<string, number>();
  for (const request of input.requests) byOperation.set(request.operation, (byOperation.get(request.operation) ?? 0) + 1);
  const weightOf = new Map(input.requests.map((r) => [r.operation, r.weight]));
  const missing = Object.entries(input.hiveMissing).map(([n, why]) => `\n**${TARGET_LABEL[n as 'c' | 'e']} was not run**: ${why}\n`);
  const leaderboard = input.leaderboard;
  return `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); every run overwrites this file.${related.length ? ` See also: ${related.map((file) => `[${file}](${path.relative(path.dirname(path.resolve(ROOT, values.out)), path.join(ROOT, file))})`).join(', ')}.` : ''}

- Command: \`${command}\`
- Machine: ${machine()} (shared: compare within one run only; the ratios are measured seconds apart)
- Date: ${new Date().toISOString()} (run took ${((Date.now() - input.started) / 60000).toFixed(1)} min)
- Versions: Node ${process.version}; ${versions}; ${hives.c ? hives.c.version : 'Hive Gateway not run'}${hives.e ? `; ${hives.e.version}` : ''}
- Data: fresh embedded PostgreSQL with the demo seed${largeDeals ? ` plus \`seedLarge\` with ${largeDeals} deals` : ''}.${baseline ? `\n- Baseline (z): \`${baseline.sha}\` (${baseline.subject.replace(/`/g, "'")}), checked out into \`bench/.baseline/\`, installed with its own lockfile (\`npm ci\`), its own bench database, migrations and demo seed, its own services` : ''}

## The mix: independent callers (headline)

Every demo organization's ADMIN and every demo person (tooling/demo/members.ts), ${new Set(input.requests.map((r) => r.caller.subject)).size} callers each with its own
token, send what their portals send (bench/mix.ts: an operation goes to the callers whose role and groups use it, with
its variables varied: page sizes, periods, vendors): ${input.requests.length} distinct requests${input.failures.size ? ` (${input.allRequests.length} built, ${input.failures.size} left out, below)` : ''}. Each operation
takes its share of a sequence of ${input.sequenceLength}, split evenly between its distinct requests, shuffled; each of the ${connections} connections walks the
sequence from its own random offset. Operations (distinct requests, share of the traffic): ${[...byOperation].map(([name, n]) => `${name} ${n}, ${weightOf.get(name)} %`).join('; ')}.

Before measuring, every distinct request was sent once to every target and had to answer HTTP 200 with \`data\` and no
\`errors\`; after every run 5 of them are checked again ("errors": non-2xx and socket errors / failed checks).
${input.mixTargets.length} targets, a ${warmup} s warm-up each, then ${rounds} rounds of ${seconds} s; in each round every target runs once, the order rotating per round.
**CPU ms per request** from \`/proc/<pid>/stat\` over each run, per process: the gateway (Hive for c and e), each subgraph,
and PostgreSQL (the sum of its postmaster's children: the backends the subgraphs hold open, plus its background workers);
z has its own subgraphs and its own PostgreSQL. **shared**: of the gateway's subgraph fetches, those answered by an
identical fetch already in flight (\`channel_graph_subgraph_fetches_shared_total\` / \`channel_graph_subgraph_requests_total\`
from the gateway's /metrics, before and after the run; Hive does not report it). Figures are medians over rounds.
${missing.join('')}${input.failures.size ? `\n**Left out of the mix** (answered an error on some target before the run; left out for every target):\n${[...input.failures].map(([r, why]) => `- ${r.label}: ${why.join(' | ')}`).join('\n')}\n` : ''}
| target | req/s | p50 ms | p99 ms | errors | CPU ms/req gateway | vendor | partner | distributor | PostgreSQL | subgraphs | all | gateway RSS max MB | shared |
|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
${mixRows.join('\n')}

Per-round ratios (round 1…${rounds}) → median:
${ratioLines.join('\n')}

<details><summary>Every round</summary>

| round | target | req/s | p50 ms | p99 ms | errors | gateway | vendor | partner | distributor | PostgreSQL | shared |
|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
${roundRows.join('\n')}

</details>

## Burst: lockstep single operations

**Lockstep**: one operation with one token from all ${connections} connections at once, so identical subgraph fetches in flight are shared
and the subgraphs do a fraction of the work independent callers need: these figures flatter a gateway that deduplicates.
autocannon, POST; 2 s warm-up per operation and target, then ${burstRounds} round(s) of ${burstSeconds} s in which every operation hits every target in
turn. Before measuring, 3 answers per operation and target are checked (HTTP 200, \`data\`, no \`errors\`) and a pair that
answers errors is refused; after every run 3 more ("GraphQL errors (sampled)"). **p50 ms, one at a time**: ${ALONE_SAMPLE} sequential
requests, what one user waits for, nothing shared. **CPU ms / request** and **RSS**: the process that serves the target (the
gateway for a, b, c, e, z; the subgraph for d). **d** is the owning subgraph queried directly with the signed header (the ceiling).
**SQL statements per request**: \`pg_stat_statements\` calls over ${SQL_SAMPLE} sequential requests through a, page sizes 5, 20, 50.
Targets c and e get \`${IDENTITY_HEADER}\` signed by the benchmark (\`signIdentity\`, the caller's groups included) and forward it
(\`propagateHeaders.fromClientToSubgraphs\`); Hive does no authorization of its own.
${input.refused.length ? `\n**Refused** (answered errors before the run):\n${input.refused.map((r) => `- ${r}`).join('\n')}\n` : ''}
${sections.join('\n') || '(not run: --skip-burst)\n'}${
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
  async () => {
    await cleanUp();
    process.exit(0);
  },
  async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await cleanUp();
    process.exit(1);
  },
);
