import { createSubgraphServer, type SubgraphDefinition, type SubgraphDependencies } from '../../common/subgraph';
import { createLoaders, type Loaders } from './loaders';
import { procedures } from './procedures';
import { resolvers } from './resolvers';
import { scopeFacts } from './scope';

export const definition: SubgraphDefinition<Loaders> = { name: 'distributor', resolvers, createLoaders, scopeFacts, procedures };

export function createServer(dependencies: SubgraphDependencies) {
  return createSubgraphServer(definition, dependencies);
}
