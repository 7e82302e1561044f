import type { DataSource } from 'typeorm';
import { ForbiddenError } from '../../../common/errors';
import { organizationOf } from '../../../common/identity';
import { money, type Money } from '../../../common/money';
import type { Caller } from '../../../common/scope';
import { rankDistributorsForVendor, rankPartnersForDistributor, type RankingFilter, type RankingRow } from '../repositories/sell-through-analytics';
import { sellThroughScope } from '../scope';
import { currencyCode, rankingLimit } from '../../../common/validation';
import { reportingPeriod } from './validation';

/** The arguments of Vendor.topDistributors and Distributor.topPartners. */
export interface RankingArgs {
  period: { from: string; to: string };
  currency: string;
  limit?: number | null;
}

/** One row of a sell-through ranking; `id` is the distributor's or the partner's, resolved by the ranking type. */
export interface SellThroughRanking {
  id: string;
  rank: number;
  revenue: Money;
  units: number;
  lines: number;
}

function filterOf(args: RankingArgs): RankingFilter {
  const period = reportingPeriod('period', args.period);
  return { ...period, currency: currencyCode('currency', args.currency), limit: rankingLimit('limit', args.limit) };
}

function toRanking(currency: string) {
  return (row: RankingRow): SellThroughRanking => ({
    id: row.id,
    rank: row.rank,
    revenue: money(row.revenue_minor, currency)!,
    units: Number(row.units),
    lines: row.lines,
  });
}

/**
 * Sell-through leaderboards (docs/triangle.md): a vendor's top distributors, a distributor's top partners. Each answers
 * only for the caller's own organization (another organization's ranking is null); Vendor.topDistributors asked by
 * another role than a vendor is FORBIDDEN (the gateway refuses it first). Input is checked before anything is read.
 */
export class SellThroughAnalytics {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
  ) {}

  private organization(): string | null {
    return organizationOf(this.caller.identity);
  }

  /** Vendor.topDistributors: distributors ranked by sell-through revenue of the vendor's products in the period. */
  async topDistributors(vendorId: string, args: RankingArgs): Promise<SellThroughRanking[] | null> {
    const { identity } = this.caller;
    if (identity.role !== 'VENDOR') {
      throw new ForbiddenError(`Only a vendor sees its top distributors; you are signed in for a ${identity.role.toLowerCase()} organization.`);
    }
    const filter = filterOf(args);
    const own = this.organization();
    if (!own || vendorId.toLowerCase() !== own) return null;
    const rows = await rankDistributorsForVendor(this.dataSource, own, filter, sellThroughScope(identity, null));
    return rows.map(toRanking(filter.currency));
  }

  /** Distributor.topPartners: the partners of the distributor's sell-through, ranked by revenue in the period. */
  async topPartners(distributorId: string, args: RankingArgs): Promise<SellThroughRanking[] | null> {
    const { identity } = this.caller;
    const filter = filterOf(args);
    const own = this.organization();
    // Only the distributor itself: any other caller (another distributor, a vendor that carries it, a partner) gets null.
    if (identity.role !== 'DISTRIBUTOR' || !own || distributorId.toLowerCase() !== own) return null;
    const rows = await rankPartnersForDistributor(this.dataSource, own, filter, sellThroughScope(identity, null));
    return rows.map(toRanking(filter.currency));
  }
}
