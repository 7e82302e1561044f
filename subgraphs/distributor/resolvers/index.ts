import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Context } from './context';
import { distributorResolvers } from './distributor';
import { mutationResolvers } from './mutation';
import { networkMembershipResolvers } from './network-membership';
import { partnerResolvers } from './partner';
import { queryResolvers } from './query';
import { sellThroughLineResolvers } from './sell-through-line';
import { vendorResolvers } from './vendor';
import { viewerResolvers } from './viewer';

/** Product is a resolvable: false stub ({ id }) here; Vendor resolves to { id } and adds topDistributors. */
export const resolvers: GraphQLResolverMap<Context> = {
  ...queryResolvers,
  ...mutationResolvers,
  ...distributorResolvers,
  ...networkMembershipResolvers,
  ...sellThroughLineResolvers,
  ...partnerResolvers,
  ...vendorResolvers,
  ...viewerResolvers,
};
