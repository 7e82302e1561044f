import type { Resolvers } from '../context';
import { certificationResolvers } from './certification';
import { dealConflictResolvers } from './deal-conflict';
import { dealEventResolvers } from './deal-event';
import { dealLineResolvers } from './deal-line';
import { dealResolvers } from './deal';
import { distributorResolvers } from './distributor';
import { mutationResolvers } from './mutation';
import { partnerRankingResolvers } from './partner-ranking';
import { partnerResolvers } from './partner';
import { queryResolvers } from './query';
import { vendorResolvers } from './vendor';
import { viewerResolvers } from './viewer';

/** One entry per type; each file owns its type, so a plain merge never overwrites. */
export const resolvers: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...viewerResolvers,
  ...partnerResolvers,
  ...certificationResolvers,
  ...dealResolvers,
  ...dealConflictResolvers,
  ...dealEventResolvers,
  ...dealLineResolvers,
  ...vendorResolvers,
  ...partnerRankingResolvers,
  ...distributorResolvers,
};
