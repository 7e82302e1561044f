import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import type { Period } from '../../../common/validation';
import { findTopPartners, type LeaderboardMetric } from '../repositories/analytics';

/** Figures computed over the caller's deals; a vendor asks about itself only, so there is nothing to batch. */
export function createAnalytics(dataSource: DataSource, dealScope: Condition) {
  return {
    topPartners: (vendorId: string, period: Period, metric: LeaderboardMetric, currency: string, limit: number) =>
      findTopPartners(dataSource, vendorId, period, metric, currency, limit, dealScope),
  };
}
