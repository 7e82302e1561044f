import type { Resolvers } from '../context';
import { directAccountResolvers } from './direct-account';
import { distributionAgreementResolvers } from './distribution-agreement';
import { distributorResolvers } from './distributor';
import { engagementRuleResolvers } from './engagement-rule';
import { incentiveResolvers } from './incentive';
import { mdfRequestResolvers } from './mdf-request';
import { mutationResolvers } from './mutation';
import { partnerResolvers } from './partner';
import { partnerProgramResolvers } from './partner-program';
import { partnershipResolvers } from './partnership';
import { productResolvers } from './product';
import { programTierResolvers } from './program-tier';
import { queryResolvers } from './query';
import { tierChangeResolvers } from './tier-change';
import { vendorResolvers } from './vendor';
import { viewerResolvers } from './viewer';

/** One entry per type; each file owns its types, so a plain merge never overwrites. */
export const resolvers: Resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...viewerResolvers,
  ...vendorResolvers,
  ...productResolvers,
  ...partnerProgramResolvers,
  ...programTierResolvers,
  ...incentiveResolvers,
  ...partnershipResolvers,
  ...distributionAgreementResolvers,
  ...directAccountResolvers,
  ...engagementRuleResolvers,
  ...mdfRequestResolvers,
  ...partnerResolvers,
  ...distributorResolvers,
  ...tierChangeResolvers,
};
