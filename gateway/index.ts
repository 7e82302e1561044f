import { loadConfig } from '../common/config';
import { announceReady, stopOnSignals } from '../common/lifecycle';
import { createLogger } from '../common/logger';
import { createGateway } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('gateway', config.logLevel);
  const gateway = createGateway(config, { logger });
  const port = await gateway.start(config.gatewayPort, config.host);
  logger.info({ port, metricsPort: gateway.metricsPort }, `gateway ready at http://localhost:${port}/graphql`);
  stopOnSignals(async (reason) => {
    logger.info({ reason }, 'shutting down');
    await gateway.stop();
  });
  announceReady(port);
}

main().catch((error: unknown) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
