import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePorts } from '../common/net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SUBGRAPHS, type SubgraphName } from '../common/config';
import { demoOrganizations } from '../common/demo/catalog';
import { seedLarge } from '../common/demo/large';
import { IDENTITY_HEADER, signIdentity } from '../common/identity';
import { createLogger } from '../common/logger';
import { createGateway } from '../gateway/server';
import { startStack } from '../scripts/stack';
import { tokenFor } from '../test/support/stack';
import { benchConfig, benchDatabase, load, machine, median, progress, type LoadResult, type Target } from './support';

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
    const install = spawnSync('npm', ['install', '--prefix', HIVE_DIR, `@graphql-hive/gateway@${HIVE_VERSION}`, '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (install.status !== 0 || !hiveVersion()) throw new Error(`npm install failed (${install.status}): ${(install.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
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
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      if (response.ok) return { url, version: hiveVersion() ?? '?', child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`hive-gateway did not answer on ${url} within 60 s: ${stderr.trim().slice(-500)}`);
}

/** Resident set size of a child process (Linux /proc), in bytes. */
function childRss(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Sample {
  status: number;
  errors: string[];
}

async function sample(target: Target): Promise<Sample> {
  try {
    const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: target.body });
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
}

const mb = (bytes: number) => bytes / 2 ** 20;
const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

async function main(): Promise<void> {
  const started = Date.now();
  const config = benchConfig();
  const logger = createLogger('bench', 'silent');
  const database = await benchDatabase(config);
  const cleanups: (() => Promise<void>)[] = [database.stop];
  try {
    const stack = await startStack({ config, logger, databaseUrls: database.urls, seed: true, progress });
    cleanups.unshift(stack.stop);
    if (largeDeals) {
      progress(`seedLarge: ${largeDeals} deals`);
      const counts = await seedLarge({ urls: database.urls, deals: largeDeals });
      progress(`seedLarge: ${Object.values(counts).reduce((a, b) => a + b, 0)} rows`);
    }
    const open = createGateway({ ...config, subgraphUrls: stack.subgraphUrls, authorizationMode: 'off' }, { logger });
    const openUrl = `http://127.0.0.1:${await open.start(0, '127.0.0.1')}/graphql`;
    cleanups.unshift(() => open.stop());
    progress(`gateway (authorization off) ${openUrl}`);

    let hive: Hive | undefined;
    let hiveMissing = '';
    try {
      hive = await startHive(stack.subgraphUrls);
      cleanups.unshift(hive.stop);
      progress(`Hive Gateway ${hive.version}  ${hive.url}`);
    } catch (error) {
      hiveMissing = (error as Error).message;
      progress(`Hive Gateway unavailable, continuing without (c): ${hiveMissing}`);
    }

    const orgs = new Map(demoOrganizations().map((o) => [o.slug, o]));
    const tokens = new Map<string, string>();
    for (const op of OPERATIONS) if (!tokens.has(op.org)) tokens.set(op.org, await tokenFor(op.org));
    /** A fresh target each time: the signed identity header lives 120 s, longer than one load. */
    const targetFor = async (op: Operation, name: TargetName): Promise<Target | undefined> => {
      const body = JSON.stringify({ query: op.query, variables: op.variables ?? {} });
      const bearer = { authorization: `Bearer ${tokens.get(op.org)}` };
      const signed = async () => {
        const org = orgs.get(op.org)!;
        return { [IDENTITY_HEADER]: await signIdentity({ subject: `user:${org.slug}`, role: org.role, organizationId: org.id }, config.gatewaySecret) };
      };
      if (name === 'a') return { url: stack.gatewayUrl, headers: bearer, body };
      if (name === 'b') return { url: openUrl, headers: bearer, body };
      if (name === 'c') return hive ? { url: hive.url, headers: await signed(), body } : undefined;
      return op.subgraph ? { url: stack.subgraphUrls[op.subgraph], headers: await signed(), body } : undefined;
    };
    const rssOf = (name: TargetName) => (name === 'c' ? childRss(hive?.child.pid) : process.memoryUsage().rss);

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
        const value = rssOf(name);
        if (value) rss.push(value);
      }, 500);
      let result: LoadResult;
      try {
        result = await load(target, duration, connections);
      } finally {
        clearInterval(timer);
      }
      const after = await Promise.all([1, 2, 3].map(() => sample(target)));
      return {
        ...result,
        graphqlErrors: after.filter((s) => s.errors.length).length,
        rssMaxMb: rss.length ? mb(Math.max(...rss)) : NaN,
        rssMedianMb: rss.length ? mb(median(rss)) : NaN,
      };
    };

    progress(`warm-up (${warmup} s per operation and target)`);
    for (const [op, names] of active) for (const name of names) await measure(op, name, warmup);
    for (let round = 1; round <= rounds; round++) {
      for (const [op, names] of active) {
        const perOp = runs.get(op) ?? {};
        runs.set(op, perOp);
        for (const name of names) {
          const run = await measure(op, name, seconds);
          (perOp[name] ??= []).push(run);
          progress(`round ${round}/${rounds} ${name} ${op.name.slice(0, 40).padEnd(40)} ${fixed(run.requestsPerSecond).padStart(6)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  errors ${run.errors + run.non2xx}/${run.graphqlErrors}  rss ${fixed(run.rssMaxMb)} MB`);
        }
      }
    }

    const versions = packageVersions();
    const command = `npm run bench -- --duration ${seconds} --rounds ${rounds} --connections ${connections} --warmup ${warmup}${largeDeals ? ` --large --deals ${largeDeals}` : ''}`;
    const sections: string[] = [];
    for (const [op, perOp] of runs) {
      const rows = TARGETS.filter((n) => perOp[n]?.length).map((n) => {
        const rs = perOp[n]!;
        return `| ${TARGET_LABEL[n]} | ${fixed(median(rs.map((r) => r.requestsPerSecond)))} | ${median(rs.map((r) => r.p50))} | ${median(rs.map((r) => r.p99))} | ${rs.reduce((s, r) => s + r.errors + r.non2xx, 0)} | ${rs.reduce((s, r) => s + r.graphqlErrors, 0)} | ${fixed(median(rs.map((r) => r.rssMedianMb)))} / ${fixed(Math.max(...rs.map((r) => r.rssMaxMb)))} |`;
      });
      const ratio = (other: TargetName) => {
        const a = perOp.a ?? [];
        const b = perOp[other];
        if (!b?.length) return undefined;
        const perRound = a.map((r, i) => r.requestsPerSecond / b[i].requestsPerSecond);
        return `a/${other}: ${perRound.map((r) => r.toFixed(3)).join(', ')} → median **${median(perRound).toFixed(3)}**`;
      };
      const ratios = (['b', 'c', 'd'] as const).map(ratio).filter(Boolean);
      sections.push(`### ${op.name}

\`\`\`graphql
${op.query.replace(/\s+/g, ' ')}
\`\`\`
${op.variables ? `\nvariables: \`${JSON.stringify(op.variables)}\`\n` : ''}
| target | req/s | p50 ms | p99 ms | errors (non-2xx, socket) | GraphQL errors (sampled) | RSS MB median / max |
|---|--:|--:|--:|--:|--:|--:|
${rows.join('\n')}

Per-round throughput ratios (round 1…${rounds}): ${ratios.join('; ') || '–'}
`);
    }

    const report = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); every run overwrites this file.

- Command: \`${command}\`
- Machine: ${machine()}
- Date: ${new Date().toISOString()} (run took ${((Date.now() - started) / 60000).toFixed(1)} min)
- Versions: Node ${process.version}; ${versions}; Hive Gateway ${hive ? `@graphql-hive/gateway ${hive.version}` : 'not run'}
- Data: fresh embedded PostgreSQL with the demo seed${largeDeals ? ` plus \`seedLarge\` with ${largeDeals} deals` : ''}.

## Method

Targets, all on the same three subgraphs, database and supergraph (\`schema/supergraph.graphql\`), loopback only:

- **a** our gateway with the triangle enforced (\`npm start\` configuration), client sends a development JWT;
- **b** a second instance of our gateway on the same subgraphs with \`AUTHORIZATION_MODE=off\` (benchmark only), same JWT;
- **c** Hive Gateway (\`@graphql-hive/gateway\`, installed into \`bench/.hive\` on first use, not a project dependency), a child process on the
  supergraph with the subgraph URLs rewritten; the benchmark signs \`${IDENTITY_HEADER}\` (\`signIdentity\`, dev gateway secret) for the
  organization and Hive forwards it to the subgraphs (\`propagateHeaders.fromClientToSubgraphs\`); Hive does no authorization of its own;
- **d** the owning subgraph queried directly with the signed header, for the single-subgraph operation only (the ceiling).

autocannon, ${connections} connections, one load worker thread, POST; ${warmup} s warm-up per operation and target, then ${rounds} round(s) of
${seconds} s in which every operation hits every target in turn (interleaved), so the ratios compare runs seconds apart. Figures are
medians over rounds; errors are summed. Before measuring, 3 answers per operation and target are checked (HTTP 200, \`data\`, no
\`errors\`) and a pair that answers errors is refused; after every run 3 more answers are checked ("GraphQL errors (sampled)"; autocannon
itself does not read bodies).

**RSS**: the subgraphs, both of our gateways and the load generator's worker thread run **in this one Node process**, so the RSS of
a, b and d is that whole process (\`process.memoryUsage().rss\`, sampled every 500 ms during each run), an upper bound for the gateway
alone. For c it is the Hive Gateway child process alone (\`/proc/<pid>/status\` VmRSS), whose subgraphs are in the benchmark process.

**Not like for like on CPU**: a, b and d share one event loop with the three subgraphs (in-process stack), while Hive Gateway
(one process, \`FORK=1\`) has an event loop of its own on this ${os.cpus().length}-core machine; a/c therefore flatters Hive. A fair a/c needs our
gateway in its own process too (\`npm run start:gateway\`), which this benchmark does not do yet.
${hiveMissing ? `\n**Hive Gateway was not run**: ${hiveMissing}\n` : ''}${refused.length ? `\n**Refused** (answered errors before the run):\n${refused.map((r) => `- ${r}`).join('\n')}\n` : ''}
## Results

${sections.join('\n')}`;
    fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), report);
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
