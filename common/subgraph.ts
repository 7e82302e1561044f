import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode } from 'graphql';
import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { loadConfig, databaseUrlFor, type Config, type SubgraphName } from './config';
import { openDatabase, type DatabaseOptions } from './db';
import { clientError } from './client-errors';
import { UnauthenticatedError } from './errors';
import { announceReady, stopOnSignals } from './lifecycle';
import { close, createHttpServer, listen, readBody, sendJson, type Route } from './http';
import { IDENTITY_HEADER, verifyIdentity, type Identity } from './identity';
import { createLogger, type Logger } from './logger';
import { PROJECT_ROOT } from './paths';
import { ContractError, requestProblem, type ServedProcedure } from './procedures/contract';
import { scopeFactsAnswer } from './procedures/scope';
import { requestScope } from './request-scope';
import { ScopeClient, type Caller, type ScopeFacts } from './scope';
import { scalarResolvers } from './scalars';
import { changeEventResolvers } from './audit';
import { HEALTH_CACHE_MS, sharedFor } from './single-flight';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

export function subgraphSdlPath(name: SubgraphName): string {
  return path.join(SCHEMA_DIR, 'subgraphs', `${name}.graphql`);
}

export function loadSubgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(fs.readFileSync(subgraphSdlPath(name), 'utf8'));
}

export interface SubgraphDependencies {
  dataSource: DataSource;
  config: Config;
  logger?: Logger;
  /** Extra Apollo Server plugins, e.g. one that records the operations a subgraph receives. */
  plugins?: ApolloServerPlugin<SubgraphContext>[];
}

/**
 * What every resolver of every subgraph receives, built once per request for the caller the gateway signed: reads go
 * through `loaders` (batched, row-scoped), mutations and computed figures through `services`.
 */
export interface SubgraphContext<Loaders = unknown, Services = unknown> {
  identity: Identity;
  loaders: Loaders;
  services: Services;
}

export interface SubgraphDefinition<Loaders, Services> {
  name: SubgraphName;
  resolvers: GraphQLResolverMap<SubgraphContext<Loaders, Services>>;
  /** May be async: a row scope that needs a peer's facts before any loader is built (a partner manager's partners). */
  createLoaders: (dataSource: DataSource, caller: Caller) => Loaders | Promise<Loaders>;
  createServices: (dataSource: DataSource, caller: Caller) => Services | Promise<Services>;
  /** The relationship facts this subgraph owns about a caller, served on /scope to peer subgraphs. */
  scopeFacts?: (dataSource: DataSource, identity: Identity) => Promise<ScopeFacts>;
  /** Internal procedures peers call as the caller (POST /internal/<name>, JSON in and out, common/procedures/), for cross-context checks. */
  procedures?: ServedProcedure[];
}

/** A reference to an entity another subgraph resolves: that subgraph fills in the rest. */
export const stub = (id: string) => ({ id });

export interface SubgraphServer {
  apollo: ApolloServer<SubgraphContext>;
  http: http.Server;
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

/** A body a peer route cannot read (not JSON, not what the procedure's contract reads): answered 400 with the message. */
class MalformedRequestError extends Error {}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const text = await readBody(req, 1_000_000);
  try {
    return JSON.parse(text || 'null');
  } catch {
    throw new MalformedRequestError('The body is not JSON.');
  }
}

/**
 * Field errors travel to the gateway in a 200 response. An AppError carries an HTTP status (409 for CONFLICT, 404 ...)
 * that Apollo Server would put on the whole response, and the gateway would then report "409: Conflict" as an
 * internal error instead of the subgraph's error with its code. So do variables the subgraph's own scalars refuse (a
 * Decimal or Date the gateway cannot check, it knows them only by name): BAD_USER_INPUT naming the variable and the
 * field, which would otherwise reach the client as "400: Bad Request", an INTERNAL_SERVER_ERROR. Other request-level
 * errors (no execution: 400, 401) keep theirs.
 */
const fieldErrorsAnswer200: ApolloServerPlugin<SubgraphContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        const refusedVariables =
          !!errors?.length && errors.every((error) => error.extensions?.code === 'BAD_USER_INPUT' && error.message.startsWith('Variable "$'));
        if (data !== undefined || refusedVariables) response.http.status = 200;
      },
    };
  },
};

/** The database pool takes turns between organizations (common/fair-pool.ts): this request's statements count as the caller's. */
function countStatementsAs(identity: Identity): void {
  const scope = requestScope.getStore();
  if (scope) scope.tenant = `${identity.role}\u0000${identity.organizationId}`;
}

/** Builds (does not listen) a subgraph: schema, Apollo Server, HTTP server refusing requests the gateway did not sign. */
export function createSubgraphServer<Loaders, Services>(
  definition: SubgraphDefinition<Loaders, Services>,
  dependencies: SubgraphDependencies,
): SubgraphServer {
  const { dataSource, config } = dependencies;
  const logger = dependencies.logger ?? createLogger(definition.name, config.logLevel);
  const scopes = new ScopeClient(config.subgraphUrls, config.scopeCacheTtlMs, undefined, (peer, route, error) =>
    logger.warn({ peer, route, err: error }, 'a peer subgraph did not answer'),
  );
  const authenticate = async (req: http.IncomingMessage): Promise<{ identity: Identity; token: string }> => {
    const header = req.headers[IDENTITY_HEADER];
    const token = (Array.isArray(header) ? header[0] : header) ?? '';
    try {
      return { identity: await verifyIdentity(token, config.gatewaySecret), token };
    } catch (error) {
      logger.warn({ reason: (error as Error).message }, 'refused a request without a valid gateway signature');
      throw new UnauthenticatedError('This subgraph only answers requests signed by the channel graph gateway.');
    }
  };
  /** A route for peer subgraphs: answers only for the caller the gateway signed (401 otherwise), JSON out. */
  const peerRoute =
    (answer: (identity: Identity, req: http.IncomingMessage) => Promise<unknown>): Route =>
    async (req, res) => {
      let identity: Identity;
      try {
        ({ identity } = await authenticate(req));
      } catch (error) {
        return sendJson(res, 401, { error: (error as Error).message });
      }
      countStatementsAs(identity);
      try {
        sendJson(res, 200, await answer(identity, req));
      } catch (error) {
        if (!(error instanceof MalformedRequestError)) throw error;
        logger.warn({ route: req.url, reason: error.message }, 'refused a malformed request from a peer');
        sendJson(res, 400, { error: error.message });
      }
    };
  const schema = buildSubgraphSchema({
    typeDefs: loadSubgraphTypeDefs(definition.name),
    resolvers: { ...scalarResolvers, ChangeEvent: changeEventResolvers, ...definition.resolvers } as GraphQLResolverMap<unknown>,
  });
  const apollo = new ApolloServer<SubgraphContext<Loaders, Services>>({
    schema,
    logger,
    includeStacktraceInErrorResponses: config.env !== 'production',
    // Shutdown is ours: stop servers, then the database; Apollo's own handler would re-raise the signal midway.
    stopOnTerminationSignals: false,
    // No database or internal text reaches a client (common/client-errors.ts); the logs keep the original, and a peer's
    // answer that broke its contract keeps its details there.
    formatError: (formatted, error) => {
      const cause = unwrapResolverError(error);
      if (cause instanceof ContractError) logger.error({ details: cause.details }, cause.message);
      return clientError(formatted, error, (original) => logger.error({ err: original, path: formatted.path }, 'field failed'));
    },
    // No Apollo usage reporting here, so no per-field federated traces to build.
    plugins: [ApolloServerPluginInlineTraceDisabled(), fieldErrorsAnswer200, ...(dependencies.plugins ?? [])] as ApolloServerPlugin<
      SubgraphContext<Loaders, Services>
    >[],
  });
  // Readiness is one SELECT 1 at a time, its outcome (a failure too) shared by every caller for a second.
  // /health is unauthenticated: the driver's reason (hosts, users, addresses) goes to the log, the answer says what failed.
  const databaseFailure = sharedFor(HEALTH_CACHE_MS, () =>
    dataSource.query('SELECT 1').then(
      () => undefined,
      (error: Error) => {
        logger.warn({ err: error }, 'readiness: the database did not answer');
        return 'the database does not answer';
      },
    ),
  );
  const httpServer = createHttpServer({
    server: apollo,
    context: async (req) => {
      const { identity, token } = await authenticate(req);
      countStatementsAs(identity);
      const caller = scopes.caller(identity, token);
      const [loaders, services] = await Promise.all([definition.createLoaders(dataSource, caller), definition.createServices(dataSource, caller)]);
      return { identity, loaders, services };
    },
    routes: {
      // served as the contract reads them: what this side answers is checked against the schema its peers parse with
      '/scope': peerRoute(async (identity) => scopeFactsAnswer.parse(definition.scopeFacts ? await definition.scopeFacts(dataSource, identity) : {})),
      ...Object.fromEntries(
        (definition.procedures ?? []).map(({ contract, answer }) => [
          `/internal/${contract.name}`,
          peerRoute(async (identity, req) => {
            const read = requestProblem(contract, await readJson(req));
            if ('problem' in read) throw new MalformedRequestError(read.problem);
            return answer(dataSource, identity, read.request);
          }),
        ]),
      ),
      '/health/live': (_req, res) => sendJson(res, 200, { status: 'ok', subgraph: definition.name }),
      '/health': async (_req, res) => {
        const failure = await databaseFailure();
        if (failure === undefined) sendJson(res, 200, { status: 'ok', subgraph: definition.name });
        else sendJson(res, 503, { status: 'unavailable', subgraph: definition.name, reason: failure });
      },
    },
  });
  return {
    apollo: apollo as unknown as ApolloServer<SubgraphContext>,
    http: httpServer,
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

export interface SubgraphModule {
  databaseOptions: (url: string, logger?: TypeOrmLogger) => DatabaseOptions;
  createServer: (dependencies: SubgraphDependencies) => SubgraphServer;
  /** Scheduled work of the running process (not of servers built by tests and tooling); answers how to stop it. */
  startJobs?: (dependencies: SubgraphDependencies) => () => void;
}

/** Entry point of `npm run start:<subgraph>`: connect, migrate, listen; exit non-zero when start-up fails. */
export async function runSubgraph(name: SubgraphName, module: SubgraphModule): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const logger = createLogger(name, config.logLevel);
  try {
    const dataSource = await openDatabase({ ...module.databaseOptions(databaseUrlFor(config, name)), statementTimeoutMs: config.statementTimeoutMs });
    const server = module.createServer({ dataSource, config, logger });
    const port = await server.start(config.subgraphPorts[name], config.host);
    logger.info({ port }, `${name} subgraph ready at http://localhost:${port}/graphql`);
    const stopJobs = module.startJobs?.({ dataSource, config, logger });
    stopOnSignals(async (reason) => {
      logger.info({ reason }, 'shutting down');
      stopJobs?.();
      await server.stop();
      await dataSource.destroy();
    });
    announceReady(port);
  } catch (error) {
    logger.fatal({ err: error }, `${name} subgraph failed to start`);
    process.exit(1);
  }
}
