import type { DataSource } from 'typeorm';
import type { Caller } from '../../../common/scope';
import { SellThroughAnalytics } from './analytics';
import { NetworkService } from './network';
import { SellThroughService } from './sell-through';

/** The distributor context's services for one request, acting as the caller. */
export function createServices(dataSource: DataSource, caller: Caller) {
  return {
    /** addNetworkMember, updateNetworkMember. */
    network: new NetworkService(dataSource, caller),
    /** reportSellThrough. */
    sellThroughReports: new SellThroughService(dataSource, caller),
    /** Vendor.topDistributors, Distributor.topPartners: one ranking statement each, for the caller's own organization. */
    analytics: new SellThroughAnalytics(dataSource, caller),
  };
}

export type Services = ReturnType<typeof createServices>;
