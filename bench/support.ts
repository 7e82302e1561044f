import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { EMBEDDED_DATABASE, SUBGRAPHS, databaseUrlsFor, loadConfig, type Config, type SubgraphName } from '../common/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../tooling/embedded';

export interface LoadResult {
  requestsPerSecond: number;
  /** Requests completed in the run. */
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One autocannon run at fixed concurrency. */
export async function load(target: Target, seconds: number, connections: number): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    duration: seconds,
    connections,
    // Load comes from its own thread, so it does not compete with the services for this process's event loop.
    workers: 1,
  });
  return loadResultOf(result);
}

function loadResultOf(result: autocannon.Result): LoadResult {
  return {
    // total / duration: autocannon's per-second average is a whole number, too coarse at a few requests a second
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** A database for the benchmark: DATABASE_URL if set, else a fresh embedded PostgreSQL in a temporary folder. */
export async function benchDatabase(config: Config): Promise<{ urls: Record<SubgraphName, string>; stop(): Promise<void> }> {
  if (SUBGRAPHS.every((name) => config.databaseUrls[name])) {
    return { urls: databaseUrlsFor(config), stop: async () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-graph-bench-'));
  fs.chmodSync(dir, 0o777);
  const db: EmbeddedDatabase = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: 56000 + Math.floor(Math.random() * 2000),
    database: EMBEDDED_DATABASE,
    persistent: false,
    flags: ['-c', 'shared_preload_libraries=pg_stat_statements'],
  });
  return {
    urls: { vendor: db.url, partner: db.url, distributor: db.url },
    stop: async () => {
      await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The benchmark's service environment: the `npm start` configuration on loopback, free ports, no logs, and no cap on
 * operations in flight per organization: the benchmarks send one token's operations from many connections (10 by
 * default, more with --connections) to measure throughput, where IN_FLIGHT_PER_ORG (8) would answer the rest 429.
 * What the cap does for other tenants is test/fairness.test.ts's to show.
 */
export function benchEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    VENDOR_PORT: '0',
    PARTNER_PORT: '0',
    DISTRIBUTOR_PORT: '0',
    IN_FLIGHT_PER_ORG: '0',
    ...env,
  };
}

export function benchConfig(env: Record<string, string> = {}): Config {
  return loadConfig(benchEnv(env));
}

export function machine(): string {
  const cpus = os.cpus();
  return `${os.type()} ${os.release()}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function progress(line: string): void {
  process.stderr.write(`▸ ${line}\n`);
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; NaN elsewhere). */
export function processCpuMs(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

export interface MixHttpRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

const MIX_CLIENT = path.join(__dirname, 'mix-client.js');

/** One autocannon run of a request sequence: every connection walks it from its own random offset (bench/mix-client.js). */
export async function loadSequence(url: string, requests: MixHttpRequest[], seconds: number, connections: number): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-graph-mix-'));
  const file = path.join(dir, 'mix.json');
  fs.writeFileSync(file, JSON.stringify(requests));
  // The worker thread reads its environment when autocannon creates it, below.
  process.env.CHANNEL_GRAPH_BENCH_MIX = file;
  try {
    const result = await autocannon({ url, duration: seconds, connections, workers: 1, setupClient: MIX_CLIENT } as unknown as autocannon.Options);
    return loadResultOf(result);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU ms so far of every process whose parent is `parent` (PostgreSQL's backends under its postmaster), by pid. */
export function childrenCpuMs(parent: number): Map<number, number> {
  const result = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(fields[1]) !== parent) continue;
      result.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND);
    } catch {
      // gone meanwhile
    }
  }
  return result;
}

/** CPU the children spent between two childrenCpuMs readings (those started meanwhile from zero). */
export function childrenCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

/** The parent process of a pid (Linux /proc), or undefined. */
export function parentPid(pid: number): number | undefined {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return undefined;
  }
}
