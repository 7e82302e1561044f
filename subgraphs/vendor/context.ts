import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../../common/subgraph';
import type { Loaders } from './loaders';
import type { Services } from './services';

export type Context = SubgraphContext<Loaders, Services>;
export type Resolvers = GraphQLResolverMap<Context>;
