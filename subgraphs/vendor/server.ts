import type { Config } from '../../common/config';
import type { Logger } from '../../common/logger';
import { createSubgraphServer, type SubgraphDefinition } from '../../common/subgraph';
import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';

export const definition: SubgraphDefinition<Loaders> = { name: 'vendor', resolvers, createLoaders };

export function createServer(deps: { dataSource: DataSource; config: Config; logger?: Logger }) {
  return createSubgraphServer(definition, deps);
}
