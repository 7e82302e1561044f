import type { DataSource } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { queryNamed } from '../../../common/repository';

/**
 * Sums and rankings over sell_through_lines, computed where the lines are (GROUP BY, rank()), one statement each.
 * Amounts are summed on bigint minor units and returned as text: exact, never a float. `where` is the caller's row
 * scope (bare column names of sell_through_lines).
 */

export interface PairTotalRow {
  vendor_id: string;
  partner_id: string;
  currency: string;
  /** Sum of amount_minor, as text. */
  total_minor: string;
}

/** Per (vendor, partner, currency): the sum of the lines sold in the inclusive period, for the given vendors and partners. */
export function sumSellThroughByPair(
  dataSource: DataSource,
  vendorIds: string[],
  partnerIds: string[],
  from: string,
  to: string,
  where: Condition,
): Promise<PairTotalRow[]> {
  const condition = and(
    { sql: 'vendor_id = ANY(:vendorIds::uuid[]) AND partner_id = ANY(:partnerIds::uuid[])', params: { vendorIds, partnerIds } },
    { sql: 'sold_on BETWEEN :fromDay::date AND :toDay::date', params: { fromDay: from, toDay: to } },
    where,
  );
  return queryNamed<PairTotalRow>(
    dataSource,
    `SELECT vendor_id, partner_id, currency, sum(amount_minor)::text AS total_minor
     FROM sell_through_lines
     WHERE ${condition.sql}
     GROUP BY vendor_id, partner_id, currency
     ORDER BY vendor_id, partner_id, currency`,
    condition.params,
  );
}

/** One ranked row: the grouped id, its competition rank, revenue (minor units, as text), units and lines. */
export interface RankingRow {
  id: string;
  rank: number;
  revenue_minor: string;
  units: string;
  lines: number;
}

export interface RankingFilter {
  currency: string;
  from: string;
  to: string;
  limit: number;
}

function filterCondition(filter: RankingFilter, where: Condition, own: Condition): Condition {
  return and(
    own,
    { sql: 'currency = :rankCurrency', params: { rankCurrency: filter.currency } },
    { sql: 'sold_on BETWEEN :fromDay::date AND :toDay::date', params: { fromDay: filter.from, toDay: filter.to } },
    where,
  );
}

/**
 * The distributors that sold the vendor's products in the period, ranked by revenue in `currency` (lines in other
 * currencies do not count; distributors without revenue are not listed). Competition ranking (1, 1, 3), ties by
 * distributor name then id; `limit` rows at most.
 */
export function rankDistributorsForVendor(dataSource: DataSource, vendorId: string, filter: RankingFilter, where: Condition): Promise<RankingRow[]> {
  const condition = filterCondition(filter, where, { sql: 'vendor_id = :rankVendor', params: { rankVendor: vendorId } });
  return queryNamed<RankingRow>(
    dataSource,
    `SELECT t.distributor_id AS id, (rank() OVER (ORDER BY t.revenue DESC))::int AS rank,
            t.revenue::text AS revenue_minor, t.units::text AS units, t.lines::int AS lines
     FROM (
       SELECT distributor_id, sum(amount_minor) AS revenue, sum(quantity) AS units, count(*) AS lines
       FROM sell_through_lines
       WHERE ${condition.sql}
       GROUP BY distributor_id
       HAVING sum(amount_minor) > 0
     ) t
     JOIN distributors d ON d.id = t.distributor_id
     ORDER BY t.revenue DESC, d.name, d.id
     LIMIT :rankLimit`,
    { ...condition.params, rankLimit: filter.limit },
  );
}

/**
 * The partners a distributor sold through in the period, ranked by revenue in `currency` (as above). Partner names are
 * the partner context's (not in this database): ties are ordered by partner id, which keeps the list stable.
 */
export function rankPartnersForDistributor(
  dataSource: DataSource,
  distributorId: string,
  filter: RankingFilter,
  where: Condition,
): Promise<RankingRow[]> {
  const condition = filterCondition(filter, where, { sql: 'distributor_id = :rankDistributor', params: { rankDistributor: distributorId } });
  return queryNamed<RankingRow>(
    dataSource,
    `SELECT partner_id AS id, (rank() OVER (ORDER BY sum(amount_minor) DESC))::int AS rank,
            sum(amount_minor)::text AS revenue_minor, sum(quantity)::text AS units, count(*)::int AS lines
     FROM sell_through_lines
     WHERE ${condition.sql}
     GROUP BY partner_id
     HAVING sum(amount_minor) > 0
     ORDER BY sum(amount_minor) DESC, partner_id
     LIMIT :rankLimit`,
    { ...condition.params, rankLimit: filter.limit },
  );
}
