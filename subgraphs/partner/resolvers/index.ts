import type { Resolvers } from '../context';
import { certificationResolvers } from './certification';
import { dealConflictResolvers } from './deal-conflict';
import { dealEventResolvers } from './deal-event';
import { dealLineResolvers } from './deal-line';
import { dealResolvers } from './deal';
import { distributorResolvers } from './distributor';
import { leadMutationResolvers } from './lead-mutation';
import { leadResolvers } from './lead';
import { partnerLeadFunnelResolvers } from './partner-lead-funnel';
import { mutationResolvers } from './mutation';
import { partnerRankingResolvers } from './partner-ranking';
import { partnerResolvers } from './partner';
import { queryResolvers } from './query';
import { vendorResolvers } from './vendor';
import { viewerResolvers } from './viewer';

/** One entry per type; each file owns its type, so a plain merge never overwrites. */
export const resolvers: Resolvers = {
  ...queryResolvers,
  // the lead mutations live in a file of their own (lead-mutation.ts), merged into the one Mutation type
  Mutation: { ...mutationResolvers.Mutation, ...leadMutationResolvers },
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
  ...leadResolvers,
  ...partnerLeadFunnelResolvers,
};
