import { createSubgraphServer, type SubgraphDefinition, type SubgraphDependencies } from '../../common/subgraph';
import { createLoaders, type Loaders } from './loaders';
import { resolvers } from './resolvers';

export const definition: SubgraphDefinition<Loaders> = { name: 'vendor', resolvers, createLoaders };

export function createServer(deps: SubgraphDependencies) {
  return createSubgraphServer(definition, deps);
}
