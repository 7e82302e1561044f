import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Context } from './context';
import { distributorResolvers } from './distributor';
import { mutationResolvers } from './mutation';
import { networkMembershipResolvers } from './network-membership';
import { partnerResolvers } from './partner';
import { queryResolvers } from './query';
import { sellThroughLineResolvers } from './sell-through-line';

/** Vendor and Product are resolvable: false stubs ({ id }) here: nothing to resolve. */
export const resolvers: GraphQLResolverMap<Context> = {
  ...queryResolvers,
  ...mutationResolvers,
  ...distributorResolvers,
  ...networkMembershipResolvers,
  ...sellThroughLineResolvers,
  ...partnerResolvers,
};
