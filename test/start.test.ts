import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { freePorts, processAlive } from '../tooling/net';
import os from 'node:os';
import path from 'node:path';
import { post, tokenFor } from './support/stack';

const root = path.join(__dirname, '..');

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until the process group is gone (its last processes may still be exiting when npm reports it stopped). */
async function groupGone(pid: number, within = 15_000): Promise<boolean> {
  for (const deadline = Date.now() + within; Date.now() < deadline;) {
    if (!groupAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !groupAlive(pid);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.destroy() || resolve(true));
    socket.once('error', () => resolve(false));
  });
}

/** Polls `condition` every 200 ms until it holds (fails after 60 s). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await condition().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`condition not met after 60 s: ${condition.toString()}`);
}

interface Started {
  child: ChildProcess;
  output: () => string;
  readyMs: number;
}

/** `npm start` in its own process group, as a terminal runs it; resolves when the banner says it is ready. */
function npmStart(env: Record<string, string>): Promise<Started> {
  const started = Date.now();
  const child = spawn('npm', ['start'], { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start was not ready after 90s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('channel graph is ready')) {
        clearTimeout(timer);
        resolve({ child, output: () => output, readyMs: Date.now() - started });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/**
 * Ctrl-C: SIGINT to the whole foreground process group. npm re-raises the signal once its child has exited,
 * so success is the stack's own "stopped" line and npm ending by SIGINT (or 0), never a non-zero exit code.
 */
function interrupt(started: Started): Promise<string> {
  return new Promise((resolve) => {
    const before = started.output().length;
    // 'close' waits for every process writing to the output pipes (npm, tsx, node) to be gone.
    started.child.once('close', (code, signal) => {
      // Ctrl-C reaches every service at once: their exits are the stop, not crashes to restart.
      const restarts =
        started
          .output()
          .slice(before)
          .match(/▸ .*restarting in.*/g) ?? [];
      const outcome = started.output().includes('▸ stopped') ? 'stopped' : 'not stopped';
      resolve([`${outcome}, ${signal ?? `exit ${code}`}`, ...restarts].join('\n'));
    });
    process.kill(-started.child.pid!, 'SIGINT');
  });
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-graph-start-'));
  let env: Record<string, string>;
  let ports: number[];

  beforeAll(async () => {
    fs.chmodSync(dataDir, 0o777);
    ports = await freePorts(5);
    env = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      EMBEDDED_PG_DIR: path.join(dataDir, 'postgres'),
      EMBEDDED_PG_PORT: String(ports[0]),
      GATEWAY_PORT: String(ports[1]),
      VENDOR_PORT: String(ports[2]),
      PARTNER_PORT: String(ports[3]),
      DISTRIBUTOR_PORT: String(ports[4]),
    };
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts everything on embedded PostgreSQL with the demo data, and Ctrl-C leaves no process or port behind', async () => {
    const first = await npmStart(env);
    try {
      console.log(`cold npm start to ready: ${(first.readyMs / 1000).toFixed(1)}s`);
      expect(first.output()).toMatch(/seeded [1-9]\d* new rows/);
      const url = `http://127.0.0.1:${ports[1]}/graphql`;
      const response = await post(
        url,
        { query: '{ me { slug } vendors { slug } }' },
        { authorization: `Bearer ${await tokenFor('atlas-machinery')}` },
      );
      expect(response.data).toEqual({ me: { slug: 'atlas-machinery' }, vendors: [{ slug: 'atlas-machinery' }] });
      // A browser at /graphql gets the IDE, its bundle built by the gateway from node_modules (nothing prebuilt).
      expect(await (await fetch(url, { headers: { accept: 'text/html' } })).text()).toContain('<div id="ide">');
      const script = await fetch(`http://127.0.0.1:${ports[1]}/ide/ide.js`);
      expect(script.status).toBe(200);
      expect(await script.text()).toContain('graphiql');
    } finally {
      expect(await interrupt(first)).toMatch(/^stopped, (SIGINT|exit 0)$/);
    }
    expect(await groupGone(first.child.pid!)).toBe(true);
    for (const port of ports) expect(await portOpen(port)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // A second start reuses the data directory and the seed adds nothing.
    const second = await npmStart(env);
    try {
      const seeded = second.output().match(/seeded \d+ new rows/g);
      expect(seeded).toEqual(['seeded 0 new rows', 'seeded 0 new rows', 'seeded 0 new rows']);
    } finally {
      expect(await interrupt(second)).toMatch(/^stopped, (SIGINT|exit 0)$/);
    }
    expect(await groupGone(second.child.pid!)).toBe(true);
  }, 240_000);

  it('runs every service in a process of its own and restarts one that dies on its port, while the others and PostgreSQL keep serving', async () => {
    const started = await npmStart(env);
    const pidsIn = (output: string) =>
      Object.fromEntries([...output.matchAll(/▸ (\w+)\s+(?:subgraph\s+)?http\S+\s+\(pid (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    const pids = pidsIn(started.output());
    const restartedPids: number[] = [];
    const gateway = `http://127.0.0.1:${ports[1]}/graphql`;
    const vendor = { authorization: `Bearer ${await tokenFor('atlas-machinery')}` };
    const vendors = () => post(gateway, { query: '{ vendors { slug } }' }, vendor);
    const partners = () => post(gateway, { query: '{ partners(first: 1) { totalCount } }' }, vendor);
    const postmaster = () => Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const backPid = (name: string) => Number(started.output().match(new RegExp(`▸ ${name} is back \\(pid (\\d+)\\)`))?.[1]);
    try {
      expect(Object.keys(pids).sort()).toEqual(['distributor', 'gateway', 'partner', 'vendor']);
      expect(new Set(Object.values(pids)).size).toBe(4);
      const postgres = postmaster();
      const partnersBefore = (await partners()).data;
      expect(partnersBefore).toEqual({ partners: { totalCount: expect.any(Number) } });

      process.kill(pids.partner, 'SIGKILL');
      // While the partner subgraph is down: its data fails, the vendor subgraph's is served.
      await until(async () => (await partners()).errors !== undefined);
      expect((await vendors()).data).toEqual({ vendors: [{ slug: 'atlas-machinery' }] });
      expect(await portOpen(ports[3])).toBe(false);
      expect(started.output()).toContain('▸ partner exited with signal SIGKILL; restarting in 0.5 s');
      // It comes back by itself, on the same port, and its data is served again.
      await until(async () => (await partners()).data !== null && backPid('partner') > 0);
      expect((await partners()).data).toEqual(partnersBefore);
      restartedPids.push(backPid('partner'));
      expect(restartedPids[0]).not.toBe(pids.partner);

      process.kill(pids.gateway, 'SIGKILL');
      await until(async () => backPid('gateway') > 0 && (await vendors().catch(() => undefined))?.data !== undefined);
      expect(started.output()).toContain('▸ gateway exited with signal SIGKILL; restarting in 0.5 s');
      expect((await vendors()).data).toEqual({ vendors: [{ slug: 'atlas-machinery' }] });
      expect((await partners()).data).toEqual(partnersBefore);
      restartedPids.push(backPid('gateway'));

      expect(postmaster()).toBe(postgres);
      expect(started.output()).not.toContain('stopping');
    } finally {
      expect(await interrupt(started)).toMatch(/^stopped, (SIGINT|exit 0)$/);
    }
    expect(await groupGone(started.child.pid!)).toBe(true);
    for (const pid of [...Object.values(pids), ...restartedPids]) expect(processAlive(pid)).toBe(false);
    for (const port of ports) expect(await portOpen(port)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 180_000);
});
