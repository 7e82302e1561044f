import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tierOf, tiers } from './tiers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-graph-tiers-'));
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, text);
  return at;
};

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('test tiers, read from what a file imports', () => {
  it('a file with no database and no process is a unit test, whatever its name', () => {
    expect(tierOf(file('vendor-database.test.ts', "import { formatMinor } from '../common/money';\nimport http from 'node:http';\n"))).toBe('unit');
  });

  it('a file that imports the database, a subgraph on it, pg, TypeORM or child processes is an integration test', () => {
    for (const module of ['./support/database', './support/subgraph', '../common/db', '../tooling/embedded', 'pg', 'typeorm', 'node:child_process']) {
      expect([module, tierOf(file('x.test.ts', `import type { A } from './a';\nimport { b } from '${module}';\n`))]).toEqual([module, 'integration']);
    }
    expect(tierOf(file('lazy.test.ts', "const { Client } = require('pg');\n"))).toBe('integration');
  });

  it('a file that starts the whole stack or a browser is a system test, also when it imports it late', () => {
    expect(
      tierOf(file('a.test.ts', "import { createTestDatabase } from './support/database';\nimport { startTestStack } from './support/stack';\n")),
    ).toBe('system');
    expect(tierOf(file('b.test.ts', "import { launchBrowser } from '../support/browser';\n"))).toBe('system');
    expect(tierOf(file('c.test.ts', "it('x', async () => {\n  const { startTestStack } = await import('./support/stack');\n});\n"))).toBe('system');
  });

  it('every test file of the project is in exactly one tier, and this one is a unit test', () => {
    const all = tiers(__dirname);
    const files = [...all.unit, ...all.integration, ...all.system];
    expect(new Set(files).size).toBe(files.length);
    expect(files.length).toBe(fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.test.ts')).length);
    expect(all.unit).toContain(__filename);
  });
});
