import { loadConfig } from '../common/config';
import { createLogger } from '../common/logger';
import { createGateway } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('gateway', config.logLevel);
  const gateway = createGateway(config, { logger });
  const port = await gateway.start(config.gatewayPort, config.host);
  logger.info({ port }, `gateway ready at http://localhost:${port}/graphql`);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
