import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePorts } from '../tooling/net';
import { launchBrowser, until } from '../test/support/browser';
import { machine, progress } from './support';

/**
 * A newcomer's first hour, timed: a fresh clone in a new directory, `npm install` with an empty npm cache (every
 * package from the registry), the first `npm start` (embedded PostgreSQL initialised, migrated, seeded), then the IDE
 * in Chromium: open http://…/graphql, sign in as a demo partner with the picker, run the query, see the answer.
 * `npm run bench:newcomer [-- --ref <git ref>]`; results in bench/results/newcomer.md.
 */
const { values } = parseArgs({ options: { ref: { type: 'string', default: 'HEAD' }, keep: { type: 'boolean', default: false } } });
const REPO = path.join(__dirname, '..');
const QUERY = '{ me { role slug } }';

const seconds = (since: number) => (Date.now() - since) / 1000;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/** Starts `npm start` in its own process group; resolves once its banner says it is ready. */
function startStack(cwd: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn('npm', ['start'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
      if (output.includes('channel graph is ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready`)));
  });
}

/** Ctrl-C to the whole group, as a user would; waits until every process of it is gone. */
async function stopStack(child: ChildProcess): Promise<void> {
  const gone = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGINT');
  await gone;
  await until(
    'npm start to leave no process behind',
    async () => {
      try {
        process.kill(-child.pid!, 0);
        return false;
      } catch {
        return true;
      }
    },
    60_000,
  );
}

async function firstIdeQuery(gatewayUrl: string): Promise<{ pageSeconds: number; answerSeconds: number }> {
  const chromium = await launchBrowser();
  try {
    const page = await chromium.browser.newPage();
    const opened = Date.now();
    await page.goto(`${gatewayUrl}?query=${encodeURIComponent(QUERY)}`);
    await page.waitForSelector('#ide-sign-in', { timeout: 60_000 });
    const pageSeconds = seconds(opened);
    await page.select('#ide-sign-in', 'bluepeak-it');
    const status = async () => (await page.$('#ide-status'))?.evaluate((e) => e.textContent ?? '');
    await until('the IDE to sign in', async () => (await status()) === 'Signed in as BluePeak IT (bluepeak-it)', 60_000);
    await page.click('.graphiql-execute-button');
    const result = async () => (await page.$('.result-window'))?.evaluate((e) => e.textContent ?? '') ?? '';
    await until('the answer in the result pane', async () => (await result()).includes('bluepeak-it'), 60_000);
    return { pageSeconds, answerSeconds: seconds(opened) };
  } finally {
    await chromium.close();
  }
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync('/var/tmp/channel-graph-newcomer-');
  // Readable by others, like most users' home directories: the data then stays in the checkout and goes with it.
  fs.chmodSync(work, 0o755);
  const checkout = path.join(work, 'channel-graph');
  const cache = path.join(work, 'npm-cache');
  const [gateway, vendor, partner, distributor, pg] = await freePorts(5);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_cache: cache,
    GATEWAY_PORT: String(gateway),
    VENDOR_PORT: String(vendor),
    PARTNER_PORT: String(partner),
    DISTRIBUTOR_PORT: String(distributor),
    EMBEDDED_PG_PORT: String(pg),
    NODE_ENV: 'development',
  };
  delete env.DATABASE_URL;
  let stack: ChildProcess | undefined;
  try {
    progress(`cloning ${values.ref} into ${checkout}`);
    run('git', ['clone', '-q', REPO, checkout], work, env);
    run('git', ['checkout', '-q', values.ref!], checkout, env);
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: checkout }).stdout.toString().trim();

    progress('npm install with an empty npm cache');
    const installStarted = Date.now();
    run('npm', ['install', '--no-audit', '--no-fund'], checkout, env);
    const install = seconds(installStarted);

    progress('first npm start');
    const startStarted = Date.now();
    stack = await startStack(checkout, env);
    const start = seconds(startStarted);

    progress('the IDE in Chromium');
    const ide = await firstIdeQuery(`http://localhost:${gateway}/graphql`);
    const total = install + start + ide.answerSeconds;
    const load = os.loadavg()[0].toFixed(1);

    const report = `# A newcomer's first hour, timed

\`npm run bench:newcomer\` (${new Date().toISOString().slice(0, 10)}, commit ${commit}; ${machine()}; load average ${load} at the end)

A fresh clone, \`npm install\` with an empty npm cache (every package downloaded from the registry), the first
\`npm start\` (embedded PostgreSQL initialised, migrated and seeded), then Chromium opens the IDE at
\`/graphql\`, signs in as the demo partner BluePeak IT with the picker and runs \`${QUERY}\`.

| step | seconds |
|---|---:|
| npm install (cold cache) | ${install.toFixed(1)} |
| first npm start, until "ready" | ${start.toFixed(1)} |
| IDE page usable (first request bundles GraphiQL) | ${ide.pageSeconds.toFixed(1)} |
| … signed in, query run, answer shown | ${ide.answerSeconds.toFixed(1)} |
| **install → first answer in the IDE** | **${total.toFixed(1)}** |
`;
    fs.writeFileSync(path.join(REPO, 'bench', 'results', 'newcomer.md'), report);
    console.log(`\n${report}`);
  } finally {
    if (stack) await stopStack(stack);
    if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
