import type { Resolvers } from '../context';
import { distributorResolvers } from './distributor';
import { distributorRankingResolvers } from './distributor-ranking';
import { mutationResolvers } from './mutation';
import { networkMembershipResolvers } from './network-membership';
import { networkPartnerRankingResolvers } from './network-partner-ranking';
import { partnerResolvers } from './partner';
import { queryResolvers } from './query';
import { sellThroughLineResolvers } from './sell-through-line';
import { vendorResolvers } from './vendor';
import { viewerResolvers } from './viewer';

/** Product is a resolvable: false stub ({ id }) here; Vendor resolves to { id } and adds topDistributors. */
export const resolvers: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...distributorResolvers,
  ...networkPartnerRankingResolvers,
  ...networkMembershipResolvers,
  ...sellThroughLineResolvers,
  ...partnerResolvers,
  ...vendorResolvers,
  ...distributorRankingResolvers,
  ...viewerResolvers,
};
