import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { SUBGRAPHS, type Config, type SubgraphName } from '../common/config';
import { openDatabase } from '../common/db';
import { graphqlUrl } from './net';
import type { Logger } from '../common/logger';
import type { ApolloServerPlugin } from '@apollo/server';
import type { SubgraphContext, SubgraphServer } from '../common/subgraph';
import { createGateway, type Gateway } from '../gateway/server';
import { loadSubgraph } from '../subgraphs/registry';
import { seedDemo } from './seed';
import { demoSignInChoices } from './demo/sign-in';

export interface StackOptions {
  config: Config;
  logger: Logger;
  databaseUrls: Record<SubgraphName, string>;
  host?: string;
  seed?: boolean;
  /** Per-subgraph TypeORM loggers, e.g. SqlCounters in tests. */
  sqlLoggers?: Partial<Record<SubgraphName, TypeOrmLogger>>;
  progress?: (line: string) => void;
  /** Extra Apollo Server plugins per subgraph (tests record what each subgraph receives). */
  subgraphPlugins?: Partial<Record<SubgraphName, ApolloServerPlugin<SubgraphContext<unknown>>[]>>;
}

export interface Stack {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  gateway: Gateway;
  subgraphs: Record<SubgraphName, { server: SubgraphServer; dataSource: DataSource }>;
  seeded: Record<SubgraphName, Record<string, number>>;
  stop(): Promise<void>;
}

const elapsed = (start: number) => `${((Date.now() - start) / 1000).toFixed(1)}s`;

/** Migrates (and seeds) each subgraph's schema, starts the three subgraphs, then the gateway in front of them. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { host = '127.0.0.1' } = options;
  // Subgraphs ask each other for scope facts: they share this record, filled in as each one listens.
  const subgraphUrls = { ...options.config.subgraphUrls };
  const config = { ...options.config, subgraphUrls };
  const progress = options.progress ?? (() => {});
  const subgraphs = {} as Stack['subgraphs'];
  const seeded = {} as Stack['seeded'];
  let gateway: Gateway | undefined;
  const stop = async () => {
    await gateway?.stop();
    for (const { server, dataSource } of Object.values(subgraphs)) {
      await server.stop();
      await dataSource.destroy();
    }
  };
  try {
    for (const name of SUBGRAPHS) {
      const started = Date.now();
      const module = await loadSubgraph(name);
      const dataSource = await openDatabase({
        ...module.databaseOptions(options.databaseUrls[name], options.sqlLoggers?.[name]),
        statementTimeoutMs: config.statementTimeoutMs,
      });
      if (options.seed) seeded[name] = await seedDemo[name](dataSource);
      const server = module.createServer({
        dataSource,
        config,
        logger: options.logger.child({ service: name }),
        plugins: options.subgraphPlugins?.[name],
      });
      subgraphs[name] = { server, dataSource };
      const port = await server.start(config.subgraphPorts[name], host);
      subgraphUrls[name] = graphqlUrl(host, port);
      const inserted = options.seed ? Object.values(seeded[name]).reduce((a, b) => a + b, 0) : 0;
      progress(`${name} subgraph  ${subgraphUrls[name]}  (migrated${options.seed ? `, seeded ${inserted} new rows` : ''}, ${elapsed(started)})`);
    }
    gateway = createGateway(
      { ...config, subgraphUrls },
      { logger: options.logger.child({ service: 'gateway' }), signInChoices: demoSignInChoices() },
    );
    const port = await gateway.start(config.gatewayPort, host);
    const gatewayUrl = graphqlUrl(host, port);
    progress(`gateway           ${gatewayUrl}`);
    return { gatewayUrl, subgraphUrls, gateway, subgraphs, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
