import path from 'node:path';
import { EMBEDDED_DATABASE, SUBGRAPHS, databaseUrlsFor, loadConfig } from '../common/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../tooling/embedded';
import { prepareDatabases, startServices, type Services } from '../tooling/services';

const line = (text: string) => console.log(`▸ ${text}`);

function banner(stack: Services, seconds: string): string {
  const gateway = stack.gatewayUrl.replace('/graphql', '');
  return `
channel graph is ready in ${seconds}s

  GraphQL   ${stack.gatewayUrl}
  health    ${gateway}/health  (liveness: ${gateway}/health/live)
  metrics   ${gateway}/metrics

Get a token for any demo organization (vendors: northwind-cloud, atlas-machinery;
partners: bluepeak-it, harbor-msp, ionic-integrators, referral-point;
distributors: tessera-distribution, meridian-supply):

  TOKEN=$(npm run -s token -- --org northwind-cloud)

Try a query:

  curl -s ${stack.gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ me { role slug name } vendors { slug name deals(first: 3) { totalCount edges { node { customerName status partner { name } } } } } }"}'

An ecosystem of your own: npm run org -- --help (the README's "Set up your own ecosystem").

Press Ctrl-C to stop everything.
`;
}

/** Where the data is, and why when it is not where it was asked for (a checkout the postgres user cannot enter). */
function dataLocation(actual: string, requested: string): string {
  if (actual === requested) return path.relative(process.cwd(), actual) || actual;
  return `${actual} (kept across starts; PostgreSQL runs as the postgres user, which cannot reach ${requested})`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let stack: Services | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    line('stopping…');
    await stack?.stop().catch((error: unknown) => console.error(error));
    await embedded?.stop().catch((error: unknown) => console.error(error));
    line('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    if (SUBGRAPHS.some((name) => !config.databaseUrls[name])) {
      const t = Date.now();
      embedded = await startEmbeddedPostgres({ dataDir: config.embedded.dataDir, port: config.embedded.port, database: EMBEDDED_DATABASE });
      line(
        `embedded PostgreSQL on port ${config.embedded.port}, data in ${dataLocation(embedded.dataDir, config.embedded.dataDir)} (${((Date.now() - t) / 1000).toFixed(1)}s)`,
      );
    } else {
      line('using the PostgreSQL at DATABASE_URL');
    }
    const databaseUrls = databaseUrlsFor(config);
    await prepareDatabases(databaseUrls, { seed: true, progress: line });
    stack = await startServices({ env: process.env, databaseUrls, output: 'inherit', progress: line });
    // A service that dies is restarted on its port while the others (and PostgreSQL) keep serving. A service that
    // fails before the stack is first ready still stops everything (below): that is a configuration or migration
    // problem to show at once, not a crash to retry.
    stack.supervise(line);
    console.log(banner(stack, ((Date.now() - started) / 1000).toFixed(1)));
  } catch (error) {
    console.error(`\nchannel graph failed to start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
