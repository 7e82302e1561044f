import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../common/config';
import { SUPERGRAPH_PATH, composeSupergraph } from '../gateway/supergraph';

// Composition records the default subgraph URLs, not whatever this shell's environment says.
const supergraph = composeSupergraph(loadConfig({}));
const relative = path.relative(process.cwd(), SUPERGRAPH_PATH);
if (process.argv.includes('--check')) {
  const current = fs.existsSync(SUPERGRAPH_PATH) ? fs.readFileSync(SUPERGRAPH_PATH, 'utf8') : '';
  if (current !== supergraph) {
    console.error(`${relative} is stale: run npm run compose and commit it.`);
    process.exit(1);
  }
  console.log(`${relative} is up to date.`);
} else {
  fs.writeFileSync(SUPERGRAPH_PATH, supergraph);
  console.log(`Composed ${relative} (${supergraph.length} bytes).`);
}
