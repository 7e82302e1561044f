import type { DataSource } from 'typeorm';
import type { Caller } from '../../../common/scope';
import { ORGANIZATION_WIDE, dealScope, leadScope, narrowingOf, ownDeals, ownLeads } from '../scope';
import { createAnalytics } from './analytics';
import { DealLifecycleService } from './deal-lifecycle';
import { DealOwnerService } from './deal-owners';
import { DealRegistrationService } from './deal-registration';
import { RevenueVerificationService } from './revenue-verification';
import { LeadConversionService } from './lead-conversion';
import { createLeadFunnel } from './lead-funnel';
import { LeadService } from './leads';
import { recordCertification, verifyCertification, type RecordCertificationInput } from './certifications';
import { setDealVendorNotes } from './deal-vendor-notes';
import { updatePartnerProfile, type UpdatePartnerProfileInput } from './partner-profile';

export { expireDeals } from './expiry';
export { expireLeads } from './lead-expiry';

/** The partner context's services for one request, acting as the caller within its deal scope. */
export async function createServices(dataSource: DataSource, caller: Caller) {
  const narrowing = await narrowingOf(caller);
  const deals = ownDeals(caller.identity, narrowing);
  const leads = new LeadService(dataSource, caller, ownLeads(caller.identity, narrowing));
  return {
    leads,
    leadConversion: new LeadConversionService(dataSource, caller, leads),
    // figures: who reads them is the rule tree's, not narrowed by person
    leadFunnel: createLeadFunnel(dataSource, leadScope(caller.identity, ORGANIZATION_WIDE)),
    registration: new DealRegistrationService(dataSource, caller, deals),
    lifecycle: new DealLifecycleService(dataSource, caller, deals),
    owners: new DealOwnerService(dataSource, caller, deals),
    verification: new RevenueVerificationService(dataSource, caller, deals),
    analytics: createAnalytics(dataSource, dealScope(caller.identity, ORGANIZATION_WIDE)),
    updatePartnerProfile: (input: UpdatePartnerProfileInput) => updatePartnerProfile(dataSource, caller, input),
    recordCertification: (input: RecordCertificationInput) => recordCertification(dataSource, caller, input),
    verifyCertification: (id: string) => verifyCertification(dataSource, caller, id),
    setDealVendorNotes: (id: string, expectedVersion: number | null | undefined, notes: string | null | undefined) =>
      setDealVendorNotes(dataSource, caller, deals, id, expectedVersion, notes),
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
