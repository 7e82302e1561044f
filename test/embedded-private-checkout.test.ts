/**
 * A checkout other users cannot enter (`/root/…`, a 0700 `mktemp -d`). Run as root, PostgreSQL runs as the
 * postgres user, which can reach neither the binaries in that checkout's node_modules nor a data directory inside
 * it: before, `npm start` and `npm test` failed there with `initdb EACCES`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../tooling/embedded';
import { packagedBinaries, reachableBinaries, serverAccount } from '../tooling/embedded-access';
import { freePorts } from '../tooling/net';

describe('embedded PostgreSQL from a checkout only its owner can enter', () => {
  const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-graph-private-'));
  // where a checkout's node_modules holds them
  const binaries = path.join(checkout, path.relative(path.join(__dirname, '..'), packagedBinaries()));
  // what root may keep copies in: a directory of its own that every user can enter, as /var/tmp is
  const cacheParent = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-graph-cache-'));
  const cache = path.join(cacheParent, 'binaries');
  const account = serverAccount();

  beforeAll(() => {
    fs.chmodSync(checkout, 0o700);
    fs.chmodSync(cacheParent, 0o755);
    fs.cpSync(packagedBinaries(), binaries, { recursive: true, verbatimSymlinks: true });
  });

  afterAll(() => {
    for (const dir of [checkout, cacheParent]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts, answers SELECT 1 and removes its data at stop', async () => {
    const [port] = await freePorts(1);
    const requested = path.join(checkout, 'data');
    const db = await startEmbeddedPostgres({ binaries, binaryCache: cache, dataDir: requested, port, database: 'channel_graph', persistent: false });
    try {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        expect((await client.query('SHOW data_directory')).rows[0].data_directory).toBe(db.dataDir);
      } finally {
        await client.end();
      }
      // as root the postgres user cannot enter the checkout: its data is in a stand-in it can reach
      expect(db.dataDir === requested).toBe(account === undefined);
    } finally {
      await db.stop();
    }
    expect(fs.existsSync(db.dataDir)).toBe(false);
    const client = new Client({ connectionString: db.url });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('as root runs a copy the postgres user can reach, reused while whole and replaced when damaged; otherwise the binaries where they are', () => {
    const first = reachableBinaries(binaries, account, cache);
    if (!account) {
      expect(first).toBe(binaries);
      return;
    }
    expect(path.dirname(first)).toBe(cache);
    const postgres = path.join(first, 'bin', 'postgres');
    const whole = fs.statSync(postgres);
    expect(reachableBinaries(binaries, account, cache)).toBe(first);
    expect(fs.statSync(postgres).ino).toBe(whole.ino);

    fs.truncateSync(postgres, 1000);
    expect(reachableBinaries(binaries, account, cache)).toBe(first);
    expect(fs.statSync(postgres).size).toBe(whole.size);
    expect(execFileSync(postgres, ['--version'], { ...account, cwd: '/', encoding: 'utf8' })).toMatch(/^postgres \(PostgreSQL\) \d+/);
    expect(fs.readdirSync(cache)).toEqual([path.basename(first)]);
  });

  it('as root refuses a cache other users may write to, saying what to do', () => {
    if (!account) {
      expect(reachableBinaries(binaries, account, cache)).toBe(binaries);
      return;
    }
    fs.rmSync(cache, { recursive: true, force: true });
    fs.mkdirSync(cache);
    fs.chmodSync(cache, 0o777);
    expect(() => reachableBinaries(binaries, account, cache)).toThrow(`remove it (rm -rf ${cache}) and start again`);
  });
});
