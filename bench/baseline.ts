import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BaselineReady } from './baseline-stack';

/**
 * Target z of `npm run bench -- --baseline <ref>`: this project at another commit, checked out into
 * bench/.baseline/<sha> (git-ignored, kept: installs are cached by sha), installed with its own lockfile, started with
 * its own code on its own database and ports (bench/baseline-stack.ts runs inside the checkout).
 */

const ROOT = path.resolve(__dirname, '..');
const BASELINE_DIR = path.join(__dirname, '.baseline');
const INSTALLED_MARKER = '.channel-graph-bench-installed';
const READY_TIMEOUT_MS = 300_000;

export interface Baseline extends Omit<BaselineReady, 'type'> {
  ref: string;
  sha: string;
  subject: string;
  launcherPid: number;
  stop(): Promise<void>;
}

const git = (args: string[], cwd = ROOT) => spawnSync('git', args, { cwd, encoding: 'utf8' });
const tail = (text: string | null | undefined, lines = 5) => (text ?? '').trim().split('\n').slice(-lines).join('\n');

/** The checkout of `ref` under bench/.baseline/<sha>, installed (npm ci) once per sha. */
export function prepareBaseline(ref: string, progress: (line: string) => void): { sha: string; subject: string; dir: string } {
  const resolved = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (resolved.status !== 0)
    throw new Error(`--baseline ${ref}: no such commit in this repository (git rev-parse found nothing; fetch it or check the name)`);
  const sha = resolved.stdout.trim();
  const subject = git(['log', '-1', '--format=%h %s', sha]).stdout.trim().slice(0, 100);
  const dir = path.join(BASELINE_DIR, sha);
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    progress(`baseline ${ref}: checking out ${sha.slice(0, 9)} into ${path.relative(ROOT, dir)}`);
    fs.mkdirSync(BASELINE_DIR, { recursive: true });
    git(['worktree', 'prune']);
    const added = git(['worktree', 'add', '--detach', '--force', dir, sha]);
    if (added.status !== 0) throw new Error(`--baseline ${ref}: git worktree add failed: ${tail(added.stderr)}`);
  }
  if (!fs.existsSync(path.join(dir, 'node_modules', INSTALLED_MARKER))) {
    progress(`baseline ${ref}: npm ci in ${path.relative(ROOT, dir)} (first use of this commit; a few minutes)`);
    const started = Date.now();
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (install.status !== 0) throw new Error(`--baseline ${ref}: npm ci failed in ${dir} (exit ${install.status}):\n${tail(install.stderr, 10)}`);
    fs.writeFileSync(path.join(dir, 'node_modules', INSTALLED_MARKER), `${sha}\n`);
    progress(`baseline ${ref}: installed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  return { sha, subject, dir };
}

/** The environment the baseline starts with: ours without any database or port setting, so it makes its own. */
function baselineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/DATABASE_URL$|_PORT$|_URL$|^EMBEDDED_/.test(key)) continue;
    env[key] = value;
  }
  // As bench/support.ts's benchEnv does for ours; an older commit that does not know them ignores them.
  return { ...env, IN_FLIGHT_PER_ORG: '0', RATE_LIMIT_PER_MINUTE: '0' };
}

/** `register` gets the stop as soon as the launcher runs, so an interrupt while it starts still stops what it started. */
export async function startBaseline(ref: string, progress: (line: string) => void, register: (stop: () => Promise<void>) => void): Promise<Baseline> {
  const { sha, subject, dir } = prepareBaseline(ref, progress);
  progress(`baseline ${ref} (${subject}): preparing its database and starting its stack`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'baseline-stack.ts')], {
    cwd: dir,
    env: baselineEnv(),
    // Its own process group, so a stop can take the services and PostgreSQL it started with it.
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-4000);
    for (const l of text.split('\n')) if (l.startsWith('▸ ')) progress(`baseline: ${l.slice(2)}`);
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 20_000);
    await gone;
    clearTimeout(timer);
  };
  register(stop);
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`baseline ${ref} (${sha.slice(0, 9)}) ${reason}${stderr.trim() ? `:\n${tail(stderr, 12)}` : ''}`)));
    };
    const timer = setTimeout(() => fail(`was not ready within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited (${signal ?? code}) before it was ready`);
    child.once('exit', exitedEarly);
    child.on('message', (message: BaselineReady) => {
      if (message?.type !== 'baseline-ready') return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      const { type: _type, ...ready } = message;
      resolve({ ...ready, ref, sha, subject, launcherPid: child.pid!, stop });
    });
  });
}
