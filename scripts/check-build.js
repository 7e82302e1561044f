// CI after `npm run build`: every compiled service loads with plain node, and what it loads from node_modules is no
// development dependency (production installs with --omit=dev). Plain JavaScript: it must run without tsx.
const Module = require('node:module');
const path = require('node:path');
const { dependencies, devDependencies } = require('../package.json');

const root = path.resolve(__dirname, '..');
// Every file a require resolves to (require.cache misses ES modules loaded by require()).
const loaded = new Set();
const resolve = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolve.apply(this, args);
  loaded.add(file);
  return file;
};
const entries = [
  'dist/gateway/server.js',
  ...['vendor', 'partner', 'distributor'].map((name) => `dist/subgraphs/${name}/server.js`),
  'dist/tooling/seed/index.js',
];
for (const entry of entries) require(path.join(root, entry));

const topLevel = new Set();
for (const file of loaded) {
  const match = path.relative(root, file).match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) topLevel.add(match[1]);
}
const devOnly = [...topLevel].filter((name) => name in devDependencies && !(name in dependencies));
if (devOnly.length) {
  console.error(`the compiled runtime loads development dependencies: ${devOnly.join(', ')}`);
  process.exit(1);
}
console.log(`compiled runtime loads (${entries.length} entries, ${topLevel.size} packages, no development dependency)`);
