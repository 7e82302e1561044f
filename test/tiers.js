// Which tier a test file belongs to, read from what the file does (the modules it imports), not from its name or
// folder: a new test lands in the right jest project without being listed, and one that starts to use the database
// moves out of the unit tier by itself.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const TIERS = ['unit', 'integration', 'system'];

/** The whole stack behind the gateway, `npm start` or a browser. */
const SYSTEM = [/\/support\/stack$/, /\/support\/browser$/, /\/tooling\/stack$/];
/** A real PostgreSQL (the global template or one of its own) or real child processes. */
const INTEGRATION = [
  /\/support\/database$/,
  /\/support\/subgraph$/,
  /\/common\/db$/,
  /\/tooling\/embedded$/,
  /^pg$/,
  /^typeorm$/,
  /^node:child_process$/,
];

/** The modules a file imports (static, import(), require()), by TypeScript's scanner: text in strings and comments is not an import. */
function importsOf(file) {
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => imported.fileName);
}

/** unit: in-process only, no database, no child process; integration: real PostgreSQL or processes; system: whole stack or browser. */
function tierOf(file) {
  const imports = importsOf(file);
  if (imports.some((name) => SYSTEM.some((pattern) => pattern.test(name)))) return 'system';
  if (imports.some((name) => INTEGRATION.some((pattern) => pattern.test(name)))) return 'integration';
  return 'unit';
}

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(file);
    return entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** The test files under `dir`, per tier. */
function tiers(dir) {
  const byTier = Object.fromEntries(TIERS.map((tier) => [tier, []]));
  for (const file of testFiles(dir).sort()) byTier[tierOf(file)].push(file);
  return byTier;
}

module.exports = { TIERS, tierOf, tiers };
