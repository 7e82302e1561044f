import type http from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { Config, SubgraphName } from '../common/config';
import { close, createHttpServer, listen, sendJson } from '../common/http';
import { IdentitySigner } from '../common/identity';
import { createLogger, type Logger } from '../common/logger';
import { createTokenVerifier } from './auth';
import { permissions } from './authorization/permissions';
import { authorizationPlugin } from './authorization/plugin';
import type { GatewayContext } from './context';
import { checkHealth } from './health';
import { GatewayMetrics } from './metrics';
import { SubgraphClient } from './subgraph-client';
import { readSupergraph } from './supergraph';

export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  http: http.Server;
  metrics: GatewayMetrics;
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

function observabilityPlugin(metrics: GatewayMetrics, logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, errors, contextValue }) {
          const type = operation?.operation ?? 'unknown';
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.operations.inc({ operation_type: type, outcome: errors?.length ? 'error' : 'ok' });
          metrics.operationDuration.observe({ operation_type: type }, seconds);
          logger.info(
            { operation: operationName ?? null, type, ms: Math.round(seconds * 1000), errors: errors?.length ?? 0, role: contextValue.identity?.role, org: contextValue.identity?.organizationId },
            'operation',
          );
        },
      };
    },
  };
}

/** Builds (does not listen) the gateway on the committed static supergraph; subgraph URLs come from config. */
export function createGateway(config: Config, options: { logger?: Logger; supergraphSdl?: string } = {}): Gateway {
  const logger = options.logger ?? createLogger('gateway', config.logLevel);
  const metrics = new GatewayMetrics();
  const signer = new IdentitySigner(config.gatewaySecret);
  const verifyToken = createTokenVerifier(config);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readSupergraph(),
    buildService: ({ name }) => new SubgraphClient(name, config.subgraphUrls[name as SubgraphName], signer, metrics),
    logger,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    includeStacktraceInErrorResponses: config.env !== 'production',
    // Shutdown is ours: stop servers, then the database; Apollo's own handler would re-raise the signal midway.
    stopOnTerminationSignals: false,
    plugins: [authorizationPlugin(permissions, config.authorizationMode), observabilityPlugin(metrics, logger)],
  });
  const httpServer = createHttpServer({
    server: apollo,
    context: async (req) => ({ identity: await verifyToken(req.headers.authorization) }),
    routes: {
      '/health': async (_req, res) => {
        const report = await checkHealth(config);
        sendJson(res, report.status === 'ok' ? 200 : 503, report);
      },
      '/metrics': async (_req, res) => {
        const body = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      },
    },
  });
  return {
    apollo,
    http: httpServer,
    metrics,
    async start(port, host) {
      await apollo.start();
      return listen(httpServer, port, host);
    },
    async stop() {
      await close(httpServer);
      await apollo.stop();
    },
  };
}
