import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS, type SubgraphName } from '../common/config';
import { IDENTITY_HEADER } from '../common/identity';
import { freePorts } from '../tooling/net';
import { progress } from './support';

/**
 * Hive Gateway for targets c and e of `npm run bench`, installed into bench/.hive on first use (never a project
 * dependency), on our supergraph with our subgraph URLs. Target e runs it with `--hive-router-runtime` (Hive Router's
 * Rust query planner and executor, `@graphql-hive/router-runtime`, installed beside it).
 */

const ROOT = path.resolve(__dirname, '..');
const HIVE_DIR = path.join(__dirname, '.hive');
export const HIVE_VERSION = '2.15.1'; // engines: node >=20.0.0
export const ROUTER_RUNTIME_VERSION = '1.4.23';

export interface Hive {
  url: string;
  version: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function installedVersion(name: string): string | undefined {
  const file = path.join(HIVE_DIR, 'node_modules', ...name.split('/'), 'package.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

export const hiveVersion = () => installedVersion('@graphql-hive/gateway');
export const routerRuntimeVersion = () => installedVersion('@graphql-hive/router-runtime');

/** Installs what is missing (both packages in one npm call, so neither is pruned), once. */
function install(routerRuntime: boolean): void {
  const wanted = [
    `@graphql-hive/gateway@${HIVE_VERSION}`,
    ...(routerRuntime || routerRuntimeVersion() ? [`@graphql-hive/router-runtime@${ROUTER_RUNTIME_VERSION}`] : []),
  ];
  if (hiveVersion() === HIVE_VERSION && (!routerRuntime || routerRuntimeVersion() === ROUTER_RUNTIME_VERSION)) return;
  progress(`installing ${wanted.join(' ')} into bench/.hive (first use; about a minute)`);
  fs.mkdirSync(HIVE_DIR, { recursive: true });
  const result = spawnSync('npm', ['install', '--prefix', HIVE_DIR, ...wanted, '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0 || !hiveVersion() || (routerRuntime && !routerRuntimeVersion()))
    throw new Error(`npm install ${wanted.join(' ')} failed (${result.status}): ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
}

/** Writes Hive's config and the supergraph with our subgraph URLs, starts it (one process, FORK=1), waits until it answers. */
export async function startHive(subgraphUrls: Record<SubgraphName, string>, options: { routerRuntime: boolean }): Promise<Hive> {
  install(options.routerRuntime);
  let supergraph = fs.readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  for (const name of SUBGRAPHS) {
    supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${subgraphUrls[name]}$2`);
  }
  fs.writeFileSync(path.join(HIVE_DIR, 'supergraph.graphql'), supergraph);
  fs.writeFileSync(
    path.join(HIVE_DIR, 'gateway.config.mjs'),
    `// Written by bench/hive.ts: forwards the client's signed identity header to every subgraph.
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
  const args = [
    'supergraph',
    './supergraph.graphql',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    ...(options.routerRuntime ? ['--hive-router-runtime'] : []),
  ];
  const child = spawn(bin, args, {
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
  const version = `@graphql-hive/gateway ${hiveVersion()}${options.routerRuntime ? ` + @graphql-hive/router-runtime ${routerRuntimeVersion()}` : ''}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited with ${child.exitCode}: ${stderr.trim().slice(-500)}`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.ok) return { url, version, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`hive-gateway did not answer on ${url} within 60 s: ${stderr.trim().slice(-500)}`);
}
