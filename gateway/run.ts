import { loadConfig } from '../common/config';
import { announceReady, stopOnSignals } from '../common/lifecycle';
import { createLogger } from '../common/logger';
import { createGateway, type GatewayOptions } from './server';

/** Entry point of a gateway process: listen, stop on signals; exit non-zero when start-up fails. */
export function runGateway(options: Omit<GatewayOptions, 'logger'> = {}): void {
  main(options).catch((error: unknown) => {
    console.error(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

async function main(options: Omit<GatewayOptions, 'logger'>): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('gateway', config.logLevel);
  const gateway = createGateway(config, { ...options, logger });
  const port = await gateway.start(config.gatewayPort, config.host);
  logger.info({ port, metricsPort: gateway.metricsPort }, `gateway ready at http://localhost:${port}/graphql`);
  stopOnSignals(async (reason) => {
    logger.info({ reason }, 'shutting down');
    await gateway.stop();
  });
  announceReady(port);
}
