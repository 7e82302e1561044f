import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import type { Caller } from '../../../common/scope';
import { DealLifecycleService } from './deal-lifecycle';
import { DealRegistrationService } from './deal-registration';
import { recordCertification, verifyCertification, type RecordCertificationInput } from './certifications';
import { setDealVendorNotes } from './deal-vendor-notes';
import { updatePartnerProfile, type UpdatePartnerProfileInput } from './partner-profile';

export { expireDeals } from './expiry';

/** The partner context's write services for one request, acting as the caller within its deal scope. */
export function createServices(dataSource: DataSource, caller: Caller, dealScope: Condition) {
  return {
    registration: new DealRegistrationService(dataSource, caller, dealScope),
    lifecycle: new DealLifecycleService(dataSource, caller, dealScope),
    updatePartnerProfile: (input: UpdatePartnerProfileInput) => updatePartnerProfile(dataSource, caller, input),
    recordCertification: (input: RecordCertificationInput) => recordCertification(dataSource, caller, input),
    verifyCertification: (id: string) => verifyCertification(dataSource, caller, id),
    setDealVendorNotes: (id: string, expectedVersion: number | null | undefined, notes: string | null | undefined) =>
      setDealVendorNotes(dataSource, caller, dealScope, id, expectedVersion, notes),
  };
}

export type Services = ReturnType<typeof createServices>;
