import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import type { Period } from '../../../common/validation';
import { findLeadFunnel } from '../repositories/lead-funnel';

/** Vendor.leadFunnel: read-side figures over the caller's leads (beside analytics.ts, kept apart from the deal figures). */
export function createLeadFunnel(dataSource: DataSource, leadScope: Condition) {
  return {
    of: async (vendorId: string, period: Period) => {
      const rows = await findLeadFunnel(dataSource, vendorId, period, leadScope);
      const empty = { assigned: 0, accepted: 0, declined: 0, expired: 0, converted: 0, won: 0, wonUnverified: 0, medianHoursToAccept: null };
      const total = rows.find((row) => row.partnerId === null) ?? { partnerId: null, ...empty };
      return { total, partners: rows.filter((row) => row.partnerId !== null) };
    },
  };
}
