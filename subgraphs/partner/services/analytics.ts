import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import type { Period } from '../../../common/validation';
import { AnalyticsRepository, type LeaderboardMetric } from '../repositories/analytics';

/** Figures computed over the caller's deals; a vendor asks about itself only, so there is nothing to batch. */
export function createAnalytics(dataSource: DataSource, dealScope: Condition) {
  const analytics = new AnalyticsRepository(dataSource);
  return {
    topPartners: (vendorId: string, period: Period, metric: LeaderboardMetric, currency: string, limit: number) =>
      analytics.topPartners(vendorId, period, metric, currency, limit, dealScope),
  };
}
