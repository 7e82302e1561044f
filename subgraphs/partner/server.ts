import { createSubgraphServer, type SubgraphDefinition, type SubgraphDependencies } from '../../common/subgraph';
import { createLoaders, type Loaders } from './loaders';
import { procedures } from './procedures';
import { resolvers } from './resolvers';

export const definition: SubgraphDefinition<Loaders> = { name: 'partner', resolvers, createLoaders, procedures };

export function createServer(deps: SubgraphDependencies) {
  return createSubgraphServer(definition, deps);
}
