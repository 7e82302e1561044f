import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS, loadConfig, type SubgraphName } from '../common/config';
import { openDatabase } from '../common/db';
import type { ReadyMessage } from '../common/lifecycle';
import { freePorts, graphqlUrl } from './net';
import type { DataSource } from 'typeorm';
import type { SubgraphModule } from '../common/subgraph';
import { loadSubgraph } from '../subgraphs/registry';
import { seedDemo } from './seed';
import { ServiceSupervisor, exitDescription } from './supervisor';

/**
 * The stack as separate processes, one per service (as docker-compose runs it): each has its own event loop, so
 * the gateway and the subgraphs use every core. Tests use the in-process stack (tooling/stack.ts) instead.
 */

const ROOT = path.resolve(__dirname, '..');
/**
 * Node arguments per service, as package.json's start:<service> scripts and docker-compose.yml run them. The gateway's
 * heap limit is explicit: V8 sizes heap growth by the limit, and with the default (from the machine's memory) the
 * gateway grew to ~370 MB RSS under load for a ~62 MB live set; at 512 MB it stays near 200 MB at the same CPU.
 */
const NODE_ARGUMENTS: Record<ServiceName, string[]> = {
  gateway: ['--max-old-space-size=512', '--import', 'tsx', 'tooling/dev-gateway.ts'],
  vendor: ['--import', 'tsx', 'subgraphs/vendor/index.ts'],
  partner: ['--import', 'tsx', 'subgraphs/partner/index.ts'],
  distributor: ['--import', 'tsx', 'subgraphs/distributor/index.ts'],
};
const READY_TIMEOUT_MS = 60_000;

export type ServiceName = 'gateway' | SubgraphName;

export interface ServiceProcess {
  name: ServiceName;
  url: string;
  child: ChildProcess;
  /** Sends SIGTERM and resolves when the process is gone (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

const elapsed = (start: number) => `${((Date.now() - start) / 1000).toFixed(1)}s`;

/** Where a service's output goes: this terminal, nowhere, or appended to a log file (stdout and stderr). */
export type ServiceOutput = 'inherit' | 'ignore' | { file: string };

/**
 * Starts one service (`node … --import tsx <entry>`) with `env` as its whole configuration and resolves once it
 * listens (its ready message over IPC); rejects with the tail of its stderr when it exits or does not get ready.
 * The one way every launcher starts a service process: `npm start`, benchmarks and `npm run chaos`.
 */
export function spawnService(name: ServiceName, env: NodeJS.ProcessEnv, options: { output?: ServiceOutput } = {}): Promise<ServiceProcess> {
  const output = options.output ?? 'ignore';
  const log = typeof output === 'object' ? fs.openSync(output.file, 'a') : undefined;
  const child = spawn(process.execPath, NODE_ARGUMENTS[name], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log ?? (output as 'inherit' | 'ignore'), 'pipe', 'ipc'],
  });
  if (log !== undefined) fs.closeSync(log);
  const stderrLog = typeof output === 'object' ? fs.createWriteStream(output.file, { flags: 'a' }) : undefined;
  child.once('exit', () => stderrLog?.end());
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (output === 'inherit') process.stderr.write(chunk);
    stderrLog?.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${name} ${reason}${stderr.trim() ? `:\n${stderr.trim().split('\n').slice(-10).join('\n')}` : ''}`)));
    };
    const timer = setTimeout(() => fail(`was not ready within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`exited with ${exitDescription(code, signal)} before it was ready`);
    child.once('exit', exitedEarly);
    child.on('message', (message: ReadyMessage) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      resolve({ name, url: graphqlUrl(env.HOST, message.port), child, stop });
    });
  });
}

/** Opens each subgraph's database in turn (applying pending migrations unless `migrate` is false), runs `work`, closes it. */
export async function eachSubgraphDatabase(
  databaseUrls: Record<SubgraphName, string>,
  work: (name: SubgraphName, dataSource: DataSource, module: SubgraphModule) => Promise<void>,
  migrate = true,
): Promise<void> {
  for (const name of SUBGRAPHS) {
    const module = await loadSubgraph(name);
    const dataSource = await openDatabase(module.databaseOptions(databaseUrls[name]), migrate);
    try {
      await work(name, dataSource, module);
    } finally {
      await dataSource.destroy();
    }
  }
}

/** Applies each subgraph's pending migrations and (when asked) the idempotent demo seed, before any service starts. */
export async function prepareDatabases(
  databaseUrls: Record<SubgraphName, string>,
  options: { seed: boolean; progress: (line: string) => void },
): Promise<void> {
  let started = Date.now();
  await eachSubgraphDatabase(databaseUrls, async (name, dataSource) => {
    const inserted = options.seed ? Object.values(await seedDemo[name](dataSource)).reduce((a, b) => a + b, 0) : 0;
    options.progress(`${name} database migrated${options.seed ? `, seeded ${inserted} new rows` : ''} (${elapsed(started)})`);
    started = Date.now();
  });
}

export interface Services {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** The processes as started (supervise() replaces those that exit). */
  processes: ServiceProcess[];
  /** Environment the services were started with (ports, URLs, databases filled in): start another gateway with it. */
  env: NodeJS.ProcessEnv;
  /** From now on, a service that exits is restarted on its port (scripts/supervisor.ts); each event is a line to `report`. */
  supervise(report: (line: string) => void): void;
  stop(): Promise<void>;
}

/**
 * Starts the three subgraphs (in parallel) and then the gateway, each in its own process, on the ports of `env`
 * (0 picks free ones). Databases must be prepared first (prepareDatabases).
 */
export async function startServices(options: {
  env: NodeJS.ProcessEnv;
  databaseUrls: Record<SubgraphName, string>;
  output?: ServiceOutput;
  progress?: (line: string) => void;
}): Promise<Services> {
  const progress = options.progress ?? (() => {});
  const config = loadConfig(options.env);
  const wanted = [config.gatewayPort, ...SUBGRAPHS.map((name) => config.subgraphPorts[name])];
  // One call for every port to pick (0), so no two services get the same one.
  const free = await freePorts(wanted.filter((port) => port === 0).length);
  const [gatewayPort, ...subgraphPorts] = wanted.map((port) => port || free.shift()!);
  const env: NodeJS.ProcessEnv = { ...options.env, GATEWAY_PORT: String(gatewayPort) };
  SUBGRAPHS.forEach((name, i) => {
    const prefix = name.toUpperCase();
    env[`${prefix}_PORT`] = String(subgraphPorts[i]);
    env[`${prefix}_URL`] = graphqlUrl(config.host, subgraphPorts[i]);
    env[`${prefix}_DATABASE_URL`] = options.databaseUrls[name];
  });

  const processes: ServiceProcess[] = [];
  let supervisors: ServiceSupervisor<ServiceProcess>[] = [];
  const stop = async () => {
    for (const supervisor of supervisors) supervisor.hold();
    // Supervisors stop their current process and any restart pending or under way.
    const running: { name: string; stop(): Promise<void> }[] = supervisors.length ? supervisors : processes;
    // The gateway first, so nothing new reaches the subgraphs; then the subgraphs together.
    await Promise.all(running.filter((p) => p.name === 'gateway').map((p) => p.stop()));
    await Promise.all(running.filter((p) => p.name !== 'gateway').map((p) => p.stop()));
  };
  try {
    const started = Date.now();
    const subgraphs = await Promise.allSettled(SUBGRAPHS.map((name) => spawnService(name, env, { output: options.output })));
    for (const result of subgraphs) if (result.status === 'fulfilled') processes.push(result.value);
    const failed = subgraphs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const service of processes) progress(`${service.name.padEnd(11)} subgraph  ${service.url}  (pid ${service.child.pid}, ${elapsed(started)})`);
    const gateway = await spawnService('gateway', env, { output: options.output });
    processes.push(gateway);
    progress(`gateway               ${gateway.url}  (pid ${gateway.child.pid}, ${elapsed(started)})`);
    return {
      gatewayUrl: gateway.url,
      subgraphUrls: Object.fromEntries(SUBGRAPHS.map((name) => [name, env[`${name.toUpperCase()}_URL`]!])) as Record<SubgraphName, string>,
      processes,
      env,
      supervise: (report) => {
        supervisors = processes.map(
          (service) => new ServiceSupervisor(service, () => spawnService(service.name, env, { output: options.output }), report),
        );
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
