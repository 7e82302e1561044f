import type { DataSource } from 'typeorm';
import { loadConfig, type Config, type SubgraphName } from '../../common/config';
import { openDatabase } from '../../common/db';
import { SqlCounter } from '../../tooling/sql-counter';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../common/identity';
import { loadSubgraph } from '../../subgraphs/registry';

export const testConfig = () => loadConfig({ NODE_ENV: 'test' });

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  dataSource: DataSource;
  sql: SqlCounter;
  stop(): Promise<void>;
}

/** Starts one subgraph in-process on a free port against the given database. */
export async function startSubgraph(name: SubgraphName, databaseUrl: string, config: Config = testConfig()): Promise<RunningSubgraph> {
  const module = await loadSubgraph(name);
  const sql = new SqlCounter(true);
  const dataSource = await openDatabase(module.databaseOptions(databaseUrl, sql));
  const server = module.createServer({ dataSource, config });
  const port = await server.start(0, '127.0.0.1');
  config.subgraphUrls[name] = `http://127.0.0.1:${port}/graphql`;
  return {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    dataSource,
    sql,
    stop: async () => {
      await server.stop();
      await dataSource.destroy();
    },
  };
}

/**
 * Starts several subgraphs sharing one configuration, so each finds the others' /scope (scope facts about
 * a caller come from the subgraph that owns them: start the peers a scoped query needs).
 */
export async function startSubgraphs(
  names: SubgraphName[],
  databaseUrl: string,
): Promise<Record<SubgraphName, RunningSubgraph> & { stop(): Promise<void> }> {
  const config = testConfig();
  const running = {} as Record<SubgraphName, RunningSubgraph>;
  for (const name of names) running[name] = await startSubgraph(name, databaseUrl, config);
  const started = Object.values(running);
  return Object.assign(running, {
    stop: async () => {
      for (const subgraph of started) await subgraph.stop();
    },
  });
}

/** The identity with groups: its own when it has them (even none), else ADMIN. */
export const asAdminUnlessGrouped = (identity: Identity): Identity => (identity.groups ? identity : { ...identity, groups: ['ADMIN'] });

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * Sends an operation straight to a subgraph, signed as the gateway would sign it (pass identity: null to send none). An
 * identity built by hand without groups is signed as its organization's ADMIN (what the gateway would find for
 * user:<slug>); pass `groups` (or `groups: []`) to sign others.
 */
export async function subgraphRequest<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity | null = { subject: 'user:test', role: 'VENDOR', organizationId: '00000000-0000-0000-0000-000000000000', groups: ['ADMIN'] },
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (identity) headers[IDENTITY_HEADER] = await signIdentity(asAdminUnlessGrouped(identity), testConfig().gatewaySecret);
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, ...((await response.json()) as object) };
}
