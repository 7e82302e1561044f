import type http from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config, SubgraphName } from '../common/config';
import { close, createHttpServer, listen, sendJson } from '../common/http';
import { IdentitySigner } from '../common/identity';
import { createLogger, type Logger } from '../common/logger';
import { LIMITS, armor, noIntrospection, parseOptions } from './armor';
import { costLimitPlugin, listSizesFromSupergraph } from './cost';
import { createTokenVerifier } from './auth';
import { handleCors } from './cors';
import { permissions } from './authorization/permissions';
import { authorizationPlugin } from './authorization/plugin';
import type { GatewayContext } from './context';
import { admittingMembers, createMemberAdmission, type MemberAdmission } from './members';
import { sharedHealthCheck } from './health';
import { gatewayErrorFormatter } from './format-error';
import { createIde } from './ide';
import type { SignInChoice } from './ide/sign-in';
import { inputValuesPlugin } from './input-values';
import { GatewayMetrics, createMetricsServer, metricsRoute } from './metrics';
import { TrustedOperations } from './persisted-documents';
import { RateLimitedError, RateLimiter } from './rate-limit';
import { InFlightLimiter, inFlightGate } from './in-flight';
import { checkVariablesSize } from './argument-limits';
import { ResponseBudget, responseSizePlugin } from './response-budget';
import { SubgraphClient } from './subgraph-client';
import { readSupergraph } from './supergraph';

export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  http: http.Server;
  metrics: GatewayMetrics;
  /** Who is admitted: the member directory lookups and their cache (gateway/members.ts). */
  admission: MemberAdmission;
  /** The port of the METRICS_PORT listener once started (undefined when /metrics has none of its own). */
  readonly metricsPort: number | undefined;
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
            {
              operation: operationName ?? null,
              type,
              ms: Math.round(seconds * 1000),
              errors: errors?.length ?? 0,
              role: contextValue.identity?.role,
              org: contextValue.identity?.organizationId,
            },
            'operation',
          );
        },
      };
    },
  };
}

/** Builds (does not listen) the gateway on the committed static supergraph; subgraph URLs come from config. */
export interface GatewayOptions {
  logger?: Logger;
  supergraphSdl?: string;
  /** Whom the development IDE's sign-in picker offers; the development launcher passes the demo's, the runtime none. */
  signInChoices?: SignInChoice[];
}

export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  const logger = options.logger ?? createLogger('gateway', config.logLevel);
  const metrics = new GatewayMetrics();
  const signer = new IdentitySigner(config.gatewaySecret);
  const admission = createMemberAdmission(config, signer, (subgraph, error) =>
    logger.warn({ subgraph, err: error }, 'the member directory did not answer'),
  );
  const verifyToken = admittingMembers(createTokenVerifier(config), admission);
  const clients: SubgraphClient[] = [];
  const supergraphSdl = options.supergraphSdl ?? readSupergraph();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const client = new SubgraphClient(
        name,
        config.subgraphUrls[name as SubgraphName],
        signer,
        metrics,
        config.subgraphTimeoutMs,
        (subgraph, error) => logger.warn({ subgraph, err: error }, 'subgraph fetch failed'),
      );
      clients.push(client);
      return client;
    },
    logger,
  });
  const limits = armor();
  const rateLimiter = new RateLimiter(config.rateLimit.perMinute, config.rateLimit.burst);
  const inFlight = inFlightGate(new InFlightLimiter(config.inFlightPerOrg), verifyToken);
  const trusted = config.persistedDocuments && new TrustedOperations(config.persistedDocuments, config.persistedDocumentsOnly);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    includeStacktraceInErrorResponses: config.env !== 'production',
    formatError: gatewayErrorFormatter(config.env),
    // The authorization plugin answers introspection from role contracts; noIntrospection refuses it when disabled.
    introspection: true,
    parseOptions,
    validationRules: [...limits.validationRules, ...(config.introspection ? [] : [noIntrospection])],
    // One operation per HTTP request: a JSON array is refused with 400, so limits and rate limits count operations.
    allowBatchedHttpRequests: false,
    // Shutdown is ours: stop servers, then the database; Apollo's own handler would re-raise the signal midway.
    stopOnTerminationSignals: false,
    // Armor's limits run while parsing and validating, before the authorization plugin (didResolveOperation) and planning.
    // GET /graphql from a browser is our IDE (gateway/ide), not Apollo's landing page (Sandbox from a CDN).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ...(trusted ? [trusted.plugin()] : []),
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      costLimitPlugin(LIMITS.maxCost, listSizesFromSupergraph(supergraphSdl)) as ApolloServerPlugin<GatewayContext>,
      inputValuesPlugin(),
      authorizationPlugin(permissions, config.authorizationMode),
      responseSizePlugin(),
      observabilityPlugin(metrics, logger),
    ],
  });
  const health = sharedHealthCheck(config, metrics);
  const ide = config.ide ? createIde(config, options.signInChoices) : undefined;
  const httpServer = createHttpServer({
    server: apollo,
    maxBodyBytes: config.maxBodyBytes,
    beforeGraphQL: (req, res) => handleCors(config.cors, req, res),
    page: ide?.page,
    // The caller's operations in flight, before its body is read; then authentication, the caller's rate limit, trusted
    // operations only and the variables' size: all before the operation is parsed or planned.
    beforeBody: (req, res) => inFlight.beforeBody(req, res),
    context: async (req, request) => {
      const identity = await inFlight.identity(req);
      const verdict = rateLimiter.take(identity);
      if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds);
      trusted?.admit(request);
      checkVariablesSize(request);
      return { identity, responseBudget: new ResponseBudget(config.maxResponseBytes) };
    },
    routes: {
      // Liveness: this process answers, nothing else is touched. Readiness (/health): the subgraphs, shared per second.
      '/health/live': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/health': async (_req, res) => {
        const report = await health();
        sendJson(res, report.status === 'ok' ? 200 : 503, report);
      },
      ...(config.metrics.public ? { '/metrics': metricsRoute(metrics, config.metrics.token) } : {}),
      ...ide?.routes,
    },
  });
  const metricsServer = config.metrics.port === undefined ? undefined : createMetricsServer(metricsRoute(metrics, config.metrics.token));
  let metricsPort: number | undefined;
  return {
    apollo,
    http: httpServer,
    metrics,
    admission,
    get metricsPort() {
      return metricsPort;
    },
    async start(port, host) {
      await apollo.start();
      if (metricsServer) metricsPort = await listen(metricsServer, config.metrics.port!, host);
      return listen(httpServer, port, host);
    },
    async stop() {
      if (metricsServer) await close(metricsServer);
      await close(httpServer);
      await apollo.stop();
      for (const client of clients) client.destroy();
    },
  };
}
