import type { DataSource } from 'typeorm';
import type { Caller } from '../../../common/scope';
import { dealScope } from '../scope';
import { createAnalytics } from './analytics';
import { DealLifecycleService } from './deal-lifecycle';
import { DealRegistrationService } from './deal-registration';

export { expireDeals } from './expiry';

/** The partner context's services for one request, acting as the caller within its deal scope. */
export function createServices(dataSource: DataSource, caller: Caller) {
  const deals = dealScope(caller.identity);
  return {
    registration: new DealRegistrationService(dataSource, caller, deals),
    lifecycle: new DealLifecycleService(dataSource, caller, deals),
    analytics: createAnalytics(dataSource, deals),
  };
}

export type Services = ReturnType<typeof createServices>;
