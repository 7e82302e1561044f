import { ForbiddenError } from '../../../common/errors';
import type { ChildPageArgs } from '../../../common/loaders';
import { money } from '../../../common/money';
import type { LeaderboardMetric } from '../repositories/analytics';
import type { DealFilter } from '../repositories/deals';
import { checkedPeriod, currencyCode, rankingLimit, type Period } from '../../../common/validation';
import { stub } from '../../../common/subgraph';
import type { Context } from '../context';
import { normalizeId } from '../../../common/ids';

interface TopPartnersArgs {
  period: Period;
  metric?: LeaderboardMetric | null;
  currency: string;
  limit?: number | null;
}

/** The caller's own vendor: another vendor's figures are null, as if it had none. */
const isOwn = (vendor: { id: string }, identity: Context['identity']) => normalizeId(vendor.id) === identity.organizationId.toLowerCase();

/** Vendor is the vendor subgraph's entity; this subgraph adds the deals registered on its products and their pipeline. */
export const vendorResolvers = {
  Vendor: {
    __resolveReference: ({ id }: { id: string }) => stub(id),
    deals: (vendor: { id: string }, args: ChildPageArgs<DealFilter>, { loaders }: Context) => loaders.dealsByVendor.load(vendor.id, args),
    /** The vendor's own pipeline only: another vendor's is null (the row scope would count nothing anyway). */
    pipeline: async (vendor: { id: string }, _: unknown, { identity, loaders }: Context) => {
      if (identity.role !== 'VENDOR') throw new ForbiddenError('Only the vendor sees its pipeline.');
      if (!isOwn(vendor, identity)) return null;
      const stages = await loaders.pipelineByVendorId.load(vendor.id);
      return stages.map((stage) => ({
        status: stage.status,
        count: stage.count,
        amounts: stage.amounts.map((sum) => money(sum.amountMinor, sum.currency)),
      }));
    },
    /**
     * The vendor's partners ranked by a metric over its deals closed in the period (competition ranking, ties by name
     * then id); revenue in the given currency only. Input is checked first, then ownership: another vendor's is null.
     */
    topPartners: async (vendor: { id: string }, args: TopPartnersArgs, { identity, services }: Context) => {
      if (identity.role !== 'VENDOR') throw new ForbiddenError('Only the vendor sees its top partners.');
      const period = checkedPeriod('period', args.period);
      const currency = currencyCode('currency', args.currency);
      const limit = rankingLimit('limit', args.limit);
      if (!isOwn(vendor, identity)) return null;
      const rows = await services.analytics.topPartners(normalizeId(vendor.id), period, args.metric ?? 'REVENUE', currency, limit);
      return rows.map((row) => ({
        ...row,
        revenue: money(row.revenueMinor, currency),
        unverifiedRevenue: money(row.unverifiedRevenueMinor, currency),
      }));
    },
  },
};
