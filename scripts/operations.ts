import fs from 'node:fs';
import path from 'node:path';
import { generatePersistedQueryManifest, type PersistedQueryManifestConfig } from '@apollo/generate-persisted-query-manifest';

/**
 * Writes the trusted-operations manifest (Apollo's persisted query manifest format) from the example operations in
 * schema/operations/<role>/*.graphql, with the same transforms Apollo Client applies before sending (it adds
 * __typename), so the ids are what a portal built with Apollo Client sends. `--check` fails when it is stale.
 */
const CONFIG_FILE = path.join(__dirname, '..', 'persisted-query-manifest.config.json');

async function main(): Promise<void> {
  const config = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as PersistedQueryManifestConfig & { output: string };
  // The generator reports bad operations (anonymous, duplicate names, syntax) itself and exits 1.
  const manifest = `${JSON.stringify(await generatePersistedQueryManifest(config, CONFIG_FILE), null, 2)}\n`;
  const output = path.resolve(path.dirname(CONFIG_FILE), config.output);
  const relative = path.relative(process.cwd(), output);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
    if (current !== manifest) {
      console.error(`${relative} is stale: run npm run operations and commit it.`);
      process.exit(1);
    }
    console.log(`${relative} is up to date.`);
  } else {
    fs.writeFileSync(output, manifest);
    console.log(`Wrote ${relative} (${JSON.parse(manifest).operations.length} operations).`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
