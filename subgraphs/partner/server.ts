import { createSubgraphServer, type SubgraphDefinition, type SubgraphDependencies, type SubgraphModule } from '../../common/subgraph';
import { databaseOptions } from './database';
import { createLoaders, type Loaders } from './loaders';
import { procedures } from './procedures';
import { resolvers } from './resolvers';
import { createServices, type Services } from './services';

export const definition: SubgraphDefinition<Loaders, Services> = { name: 'partner', resolvers, createLoaders, createServices, procedures };

export function createServer(dependencies: SubgraphDependencies) {
  return createSubgraphServer(definition, dependencies);
}

export const subgraph: SubgraphModule = { databaseOptions, createServer };
