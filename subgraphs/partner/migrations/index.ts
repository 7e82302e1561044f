import { ChangeEvents1796000000000 } from './1796000000000-ChangeEvents';
import { CreatePartners1795341600000 } from './1795341600000-CreatePartners';
import { CreateDeals1795341660000 } from './1795341660000-CreateDeals';
import { DealRegistrationTerms1795341720000 } from './1795341720000-DealRegistrationTerms';
import { DealClosedAt1795341780000 } from './1795341780000-DealClosedAt';
import { DealDirectSegment1796200000001 } from './1796200000001-DealDirectSegment';
import { VerifiedRevenue1796300000000 } from './1796300000000-VerifiedRevenue';
import { ProfileAndCertificationVerification1796400000000 } from './1796400000000-ProfileAndCertificationVerification';
import { Members1796500000000 } from './1796500000000-Members';
import { CreateLeads1796600000000 } from './1796600000000-CreateLeads';
import { DealRegisteredBy1796600060000 } from './1796600060000-DealRegisteredBy';
import { DealAndLeadOwners1797200000000 } from './1797200000000-DealAndLeadOwners';
import { LeadFunnelIndex1797300000000 } from './1797300000000-LeadFunnelIndex';

/** In the order they run. */
export const migrations = [
  CreatePartners1795341600000,
  CreateDeals1795341660000,
  DealRegistrationTerms1795341720000,
  DealClosedAt1795341780000,
  ChangeEvents1796000000000,
  DealDirectSegment1796200000001,
  VerifiedRevenue1796300000000,
  ProfileAndCertificationVerification1796400000000,
  Members1796500000000,
  CreateLeads1796600000000,
  DealRegisteredBy1796600060000,
  DealAndLeadOwners1797200000000,
  LeadFunnelIndex1797300000000,
];
