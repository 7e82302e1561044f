import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../tooling/embedded';
import { processAlive } from '../../tooling/net';
import { prepareTemplate, TEMPLATE_DATABASE } from './template';

declare global {
  var __EMBEDDED_PG__: { stop(): Promise<void> } | undefined;
}

const PREFIX = 'channel-graph-test-pg-';

/** Data directories of earlier runs that were killed before their teardown: old, and their PostgreSQL not running. */
function removeAbandonedDataDirs(): void {
  for (const name of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(os.tmpdir(), name);
    const pidFile = path.join(dir, 'data', 'postmaster.pid');
    if (Date.now() - fs.statSync(dir).mtimeMs < 3_600_000) continue;
    // still running: another run's database
    if (fs.existsSync(pidFile) && processAlive(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]))) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One real PostgreSQL for the whole run: embedded unless DATABASE_URL names one. Tests clone a migrated, seeded template. */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    removeAbandonedDataDirs();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
    fs.chmodSync(dataDir, 0o777);
    const port = 55000 + Math.floor(Math.random() * 5000);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port, database: 'postgres', persistent: false });
    globalThis.__EMBEDDED_PG__ = {
      stop: async () => {
        await pg.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
    adminUrl = pg.url;
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  await prepareTemplate(adminUrl);
  process.env.TEST_TEMPLATE_DATABASE = TEMPLATE_DATABASE;
}
