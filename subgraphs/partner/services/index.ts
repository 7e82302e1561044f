import type { DataSource } from 'typeorm';
import type { Caller } from '../../../common/scope';
import { dealScope } from '../scope';
import { createAnalytics } from './analytics';
import { DealLifecycleService } from './deal-lifecycle';
import { DealRegistrationService } from './deal-registration';
import { RevenueVerificationService } from './revenue-verification';
import { recordCertification, verifyCertification, type RecordCertificationInput } from './certifications';
import { setDealVendorNotes } from './deal-vendor-notes';
import { updatePartnerProfile, type UpdatePartnerProfileInput } from './partner-profile';

export { expireDeals } from './expiry';

/** The partner context's services for one request, acting as the caller within its deal scope. */
export function createServices(dataSource: DataSource, caller: Caller) {
  const deals = dealScope(caller.identity);
  return {
    registration: new DealRegistrationService(dataSource, caller, deals),
    lifecycle: new DealLifecycleService(dataSource, caller, deals),
    verification: new RevenueVerificationService(dataSource, caller, deals),
    analytics: createAnalytics(dataSource, deals),
    updatePartnerProfile: (input: UpdatePartnerProfileInput) => updatePartnerProfile(dataSource, caller, input),
    recordCertification: (input: RecordCertificationInput) => recordCertification(dataSource, caller, input),
    verifyCertification: (id: string) => verifyCertification(dataSource, caller, id),
    setDealVendorNotes: (id: string, expectedVersion: number | null | undefined, notes: string | null | undefined) =>
      setDealVendorNotes(dataSource, caller, deals, id, expectedVersion, notes),
  };
}

export type Services = ReturnType<typeof createServices>;
