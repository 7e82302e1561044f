import { EMBEDDED_DATABASE, databaseUrlsFor, loadConfig } from '../common/config';
import { startEmbeddedPostgres } from '../tooling/embedded';
import { eachSubgraphDatabase } from '../tooling/services';
import { seedDemo } from '../tooling/seed';

const usage = `Usage: npm run db -- <command>
  serve    run the embedded PostgreSQL in the foreground (for starting services one by one)
  migrate  apply pending migrations of every subgraph
  revert   undo the last migration of every subgraph
  seed     insert the demo ecosystem (idempotent)`;

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'serve': {
      const config = loadConfig();
      const db = await startEmbeddedPostgres({ dataDir: config.embedded.dataDir, port: config.embedded.port, database: EMBEDDED_DATABASE });
      console.log(`embedded PostgreSQL ready: ${db.url}, data in ${db.dataDir} (Ctrl-C to stop)`);
      const stop = () => void db.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    case 'migrate':
      return eachSubgraphDatabase(databaseUrlsFor(loadConfig()), async (name, ds) =>
        console.log(`${name}: migrations applied (${(await ds.query('SELECT count(*) FROM migrations'))[0].count} in total)`),
      );
    case 'revert':
      return eachSubgraphDatabase(
        databaseUrlsFor(loadConfig()),
        async (name, ds) => {
          await ds.undoLastMigration();
          console.log(`${name}: last migration reverted`);
        },
        false,
      );
    case 'seed':
      return eachSubgraphDatabase(databaseUrlsFor(loadConfig()), async (name, ds) => console.log(`${name}: seeded`, await seedDemo[name](ds)));
    default:
      console.error(usage);
      process.exit(command ? 1 : 0);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
