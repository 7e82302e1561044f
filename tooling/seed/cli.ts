import { databaseUrlsFor, loadConfig, SUBGRAPHS } from '../../common/config';
import { openDatabase } from '../../common/db';
import { loadSubgraph } from '../../subgraphs/registry';
import { seedDemo } from '.';

// The demo seed on its own (docker-compose.yml's `seed` service runs it compiled: dist/tooling/seed/cli.js); it needs
// no development dependency, so the image built with --omit=dev can run it. `npm run db -- seed` does the same.
async function main(): Promise<void> {
  const urls = databaseUrlsFor(loadConfig());
  for (const name of SUBGRAPHS) {
    const module = await loadSubgraph(name);
    const dataSource = await openDatabase(module.databaseOptions(urls[name]));
    try {
      console.log(`${name}: seeded`, await seedDemo[name](dataSource));
    } finally {
      await dataSource.destroy();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
