import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import puppeteer, { type Browser } from 'puppeteer-core';
import { close, listen } from '../../common/http';

/** Debian's Chromium (.ci/run installs it); puppeteer-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** One headless Chromium per test file, on a fresh profile in a temporary directory removed on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'channel-graph-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Bundles a browser entry point (TypeScript, with its npm imports) into one script, in memory. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

export interface StaticSite {
  origin: string;
  close(): Promise<void>;
}

export interface StaticFile {
  contentType: string;
  body: string;
}

/** A tiny web server on 127.0.0.1 and a free port (another port is another origin), serving the file for each path. */
export async function serveStatic(fileAt: (pathname: string) => StaticFile | undefined): Promise<StaticSite> {
  const server = http.createServer((req, res) => {
    const file = fileAt(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' }).end(file.body);
  });
  const port = await listen(server, 0, '127.0.0.1');
  return { origin: `http://127.0.0.1:${port}`, close: () => close(server) };
}

/** Polls `condition` (e.g. a text the page should come to show) until it holds; fails with `what` if it never does. */
export async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
