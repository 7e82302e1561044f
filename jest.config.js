const path = require('node:path');
const { TIERS, tiers } = require('./test/tiers');

const transform = {
  '^.+\\.(t|j|mj)s$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
      module: { type: 'commonjs' },
    },
  ],
};

/** One real PostgreSQL for the run, started only when a test of a tier that needs it runs (jest runs it once for both). */
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

// Tiers, each a jest project (test/tiers.js reads a file's tier from what it imports): `npm test` runs all three,
// `npm run test:unit` only the unit tier, which starts neither PostgreSQL nor a process.
const files = tiers(path.join(__dirname, 'test'));

/** @type {import('jest').Config} */
module.exports = {
  projects: TIERS.map((tier) => ({
    displayName: tier,
    testEnvironment: 'node',
    rootDir: __dirname,
    roots: ['<rootDir>/test'],
    // a tier without files would fall back to every *.test.ts: match nothing instead
    testMatch: files[tier].length > 0 ? files[tier] : ['<rootDir>/test/no-such-tier'],
    transform,
    // jose ships only ES modules: compile it to CommonJS inside Jest's module system.
    transformIgnorePatterns: ['/node_modules/(?!jose/)'],
    ...(tier === 'unit' ? {} : database),
  })),
  // a global option: jest ignores it inside a project
  testTimeout: 60_000,
  maxWorkers: 2,
};
