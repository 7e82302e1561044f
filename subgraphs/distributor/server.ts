import { createSubgraphServer, type SubgraphDefinition } from '../../common/subgraph';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';

export const definition: SubgraphDefinition<Loaders> = { name: 'distributor', resolvers, createLoaders };

export function createServer(dependencies: Parameters<typeof createSubgraphServer>[1]) {
  return createSubgraphServer(definition, dependencies);
}
