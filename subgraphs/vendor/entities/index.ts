import { ChangeEvent } from '../../../common/audit';
import { DirectAccount } from './direct-account';
import { DistributionAgreement } from './distribution-agreement';
import { EngagementRule } from './engagement-rule';
import { Incentive } from './incentive';
import { MdfRequest } from './mdf-request';
import { PartnerProgram } from './partner-program';
import { Partnership } from './partnership';
import { PartnershipTierChange } from './partnership-tier-change';
import { Product } from './product';
import { ProgramTier } from './program-tier';
import { Vendor } from './vendor';
import { Member } from './member';

export {
  DirectAccount,
  DistributionAgreement,
  EngagementRule,
  Incentive,
  MdfRequest,
  PartnerProgram,
  Partnership,
  PartnershipTierChange,
  Product,
  ProgramTier,
  Vendor,
  Member,
};

export const entities = [
  Vendor,
  Product,
  PartnerProgram,
  ProgramTier,
  Incentive,
  Partnership,
  DistributionAgreement,
  DirectAccount,
  EngagementRule,
  MdfRequest,
  PartnershipTierChange,
  ChangeEvent,
  Member,
];
