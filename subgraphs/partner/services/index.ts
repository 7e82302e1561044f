import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import type { Caller } from '../../../common/scope';
import { DealLifecycleService } from './deal-lifecycle';
import { DealRegistrationService } from './deal-registration';
import { RevenueVerificationService } from './revenue-verification';

export { expireDeals } from './expiry';

/** The partner context's write services for one request, acting as the caller within its deal scope. */
export function createServices(dataSource: DataSource, caller: Caller, dealScope: Condition) {
  return {
    registration: new DealRegistrationService(dataSource, caller, dealScope),
    lifecycle: new DealLifecycleService(dataSource, caller, dealScope),
    verification: new RevenueVerificationService(dataSource, caller, dealScope),
  };
}

export type Services = ReturnType<typeof createServices>;
