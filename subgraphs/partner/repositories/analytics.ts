import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import type { PairPerformance, PartnerProfile } from '../../../common/procedures/partner';
import { utcToday, type Period } from '../../../common/validation';
import { queryNamed } from '../../../common/repository';

/**
 * Read models over closed deals: leaderboards, scorecard figures and revenue totals. Everything is summed and counted
 * in SQL: money as bigint minor units (sum() is numeric, exact, returned as text), ratios as exact decimals.
 *
 * A deal is won (lost) in a period when it is WON (LOST) and its WON (LOST) history event falls on a day of the
 * period, UTC: at >= from 00:00Z and at < (to + 1 day) 00:00Z. Its revenue is verified_amount_minor, in the deal currency,
 * once the vendor or the routed distributor verified it (DESIGN §7); until then its claim (final_amount_minor) is
 * unverified revenue, summed apart and never mixed in. A deal counts in the period it was won, verified later or not.
 * The time of that event is kept on the deal as closed_at (migration DealClosedAt, kept by a trigger on deal_events),
 * so the period is a range of deals_vendor_closed_idx, which also holds every column the tallies read.
 * Every statement also carries the caller's deal scope (scope.ts), on the bare columns of `deals`.
 */

/** The condition on `deals` (unaliased) of a deal closed, WON or LOST, in the period given as :periodFrom, :periodTo. */
const CLOSED_IN_PERIOD = `status IN ('WON', 'LOST')
       AND closed_at >= CAST(:periodFrom AS date)::timestamp AT TIME ZONE 'UTC'
       AND closed_at < (CAST(:periodTo AS date) + 1)::timestamp AT TIME ZONE 'UTC'`;

export type LeaderboardMetric = 'REVENUE' | 'WON_DEALS' | 'WIN_RATE';

/** The value each metric ranks by, on the `scored` rows below; also the condition (> 0, or not null) for being listed. */
const METRIC: Record<LeaderboardMetric, { value: string; listed: string }> = {
  REVENUE: { value: 'scored.revenue', listed: 'scored.revenue > 0' },
  WON_DEALS: { value: 'scored.won', listed: 'scored.won > 0' },
  // ranked by the 4-decimal rate as shown, so equal rates shown are equal ranks
  WIN_RATE: { value: 'scored.win_rate', listed: 'scored.win_rate IS NOT NULL' },
};

export interface PartnerRankingRow {
  rank: number;
  partnerId: string;
  /** Verified revenue in the requested currency, minor units. */
  revenueMinor: string;
  /** Claims of won deals not verified yet, in the requested currency, minor units. */
  unverifiedRevenueMinor: string;
  wonDeals: number;
  lostDeals: number;
  /** won / (won + lost), 4 decimals rounded half-up; null without closed deals. */
  winRate: string | null;
}

/**
 * Vendor.topPartners in one statement: each partner's deals of the vendor closed in the period (within scope)
 * tallied, ranked by the metric with rank() (competition ranking), ties by name then id, cut at `limit`.
 * Partners with nothing for the metric are not listed (no revenue in the currency, no won deal, no closed deal).
 */
export async function findTopPartners(
  db: DataSource,
  vendorId: string,
  period: Period,
  metric: LeaderboardMetric,
  currency: string,
  limit: number,
  scope: Condition,
): Promise<PartnerRankingRow[]> {
  const { value, listed } = METRIC[metric];
  const rows = await queryNamed<{
    rank: number;
    partner_id: string;
    revenue_minor: string;
    unverified_minor: string;
    won_deals: number;
    lost_deals: number;
    win_rate: string | null;
  }>(
    db,
    `WITH closed AS (
       SELECT partner_id, status, currency, final_amount_minor, verified_amount_minor
         FROM deals
        WHERE (${scope.sql}) AND vendor_id = :rankVendorId AND ${CLOSED_IN_PERIOD}
     ), tallies AS (
       SELECT partner_id,
              coalesce(sum(verified_amount_minor) FILTER (WHERE status = 'WON' AND currency = :rankCurrency), 0) AS revenue,
              coalesce(sum(final_amount_minor) FILTER (WHERE status = 'WON' AND currency = :rankCurrency AND verified_amount_minor IS NULL), 0)
                AS unverified,
              count(*) FILTER (WHERE status = 'WON') AS won,
              count(*) FILTER (WHERE status = 'LOST') AS lost
         FROM closed
        GROUP BY partner_id
     ), scored AS (
       SELECT tallies.*,
              -- round half-up in integers: floor((won * 10^4 + n / 2) / n), exact
              CASE WHEN won + lost > 0
                   THEN ((((won * 20000 + (won + lost)) / (2 * (won + lost)))::numeric / 10000)::numeric(5, 4))
              END AS win_rate
         FROM tallies
     ), ranked AS (
       SELECT rank() OVER (ORDER BY ${value} DESC)::int AS rank, scored.*
         FROM scored
        WHERE ${listed}
     )
     -- a row within the first (limit) places ranks at most (limit): only those rows need the partner name (looked
     -- up one by one, where a join would read every partner to find a few dozen)
     SELECT ranked.rank, ranked.partner_id, ranked.revenue::text AS revenue_minor, ranked.unverified::text AS unverified_minor,
            ranked.won::int AS won_deals, ranked.lost::int AS lost_deals, ranked.win_rate::text AS win_rate
       FROM ranked
      WHERE ranked.rank <= :rankLimit
      ORDER BY ranked.rank, (SELECT p.name FROM partners p WHERE p.id = ranked.partner_id), ranked.partner_id
      LIMIT :rankLimit`,
    { ...scope.params, rankVendorId: vendorId, rankCurrency: currency, rankLimit: limit, periodFrom: period.from, periodTo: period.to },
  );
  return rows.map((row) => ({
    rank: row.rank,
    partnerId: row.partner_id,
    revenueMinor: row.revenue_minor,
    unverifiedRevenueMinor: row.unverified_minor,
    wonDeals: row.won_deals,
    lostDeals: row.lost_deals,
    winRate: row.win_rate,
  }));
}

/**
 * For every (vendor, partner) pair of the given ids with at least one deal closed in the period (within scope): its
 * verified and unverified won revenue per currency, won and lost counts and the products it sold (on deals whose
 * revenue was verified above zero); keyed "vendorId:partnerId". One statement.
 */
export async function findPairPerformance(
  db: DataSource,
  vendorIds: string[],
  partnerIds: string[],
  period: Period,
  scope: Condition,
): Promise<Record<string, PairPerformance>> {
  if (vendorIds.length === 0 || partnerIds.length === 0) return {};
  const rows = await queryNamed<{
    vendor_id: string;
    partner_id: string;
    won_deals: number;
    lost_deals: number;
    won_revenue: Record<string, string>;
    unverified_revenue: Record<string, string>;
    sold_product_ids: string[];
  }>(
    db,
    `WITH closed AS (
       SELECT id, vendor_id, partner_id, status, currency, final_amount_minor, verified_amount_minor
         FROM deals
        WHERE (${scope.sql}) AND vendor_id = ANY(:perfVendorIds) AND partner_id = ANY(:perfPartnerIds) AND ${CLOSED_IN_PERIOD}
     )
     SELECT c.vendor_id, c.partner_id,
            count(*) FILTER (WHERE c.status = 'WON')::int AS won_deals,
            count(*) FILTER (WHERE c.status = 'LOST')::int AS lost_deals,
            (SELECT coalesce(json_object_agg(r.currency, r.total ORDER BY r.currency), '{}'::json)
               FROM (SELECT rtrim(w.currency) AS currency, sum(w.verified_amount_minor)::text AS total
                       FROM closed w
                      WHERE w.vendor_id = c.vendor_id AND w.partner_id = c.partner_id AND w.status = 'WON' AND w.verified_amount_minor IS NOT NULL
                      GROUP BY 1) r) AS won_revenue,
            (SELECT coalesce(json_object_agg(r.currency, r.total ORDER BY r.currency), '{}'::json)
               FROM (SELECT rtrim(w.currency) AS currency, coalesce(sum(w.final_amount_minor), 0)::text AS total
                       FROM closed w
                      WHERE w.vendor_id = c.vendor_id AND w.partner_id = c.partner_id AND w.status = 'WON' AND w.verified_amount_minor IS NULL
                      GROUP BY 1) r) AS unverified_revenue,
            ARRAY(SELECT DISTINCT l.product_id::text
                    FROM closed w JOIN deal_lines l ON l.deal_id = w.id
                   WHERE w.vendor_id = c.vendor_id AND w.partner_id = c.partner_id AND w.status = 'WON' AND w.verified_amount_minor > 0
                   ORDER BY 1) AS sold_product_ids
       FROM closed c
      GROUP BY c.vendor_id, c.partner_id
      ORDER BY c.vendor_id, c.partner_id`,
    { ...scope.params, perfVendorIds: vendorIds, perfPartnerIds: partnerIds, periodFrom: period.from, periodTo: period.to },
  );
  return Object.fromEntries(
    rows.map((row) => [
      `${row.vendor_id}:${row.partner_id}`,
      {
        wonRevenue: row.won_revenue,
        unverifiedRevenue: row.unverified_revenue,
        wonDeals: row.won_deals,
        lostDeals: row.lost_deals,
        soldProductIds: row.sold_product_ids,
      },
    ]),
  );
}

/** Verified revenue of the vendor's deals won in the period (within scope), per currency, in minor units. */
export async function findWonRevenue(db: DataSource, vendorId: string, period: Period, scope: Condition): Promise<Record<string, string>> {
  const rows = await queryNamed<{ currency: string; total: string }>(
    db,
    `SELECT rtrim(currency) AS currency, sum(verified_amount_minor)::text AS total
       FROM deals
      WHERE (${scope.sql}) AND vendor_id = :revenueVendorId AND ${CLOSED_IN_PERIOD} AND status = 'WON' AND verified_amount_minor IS NOT NULL
      GROUP BY 1
      ORDER BY 1`,
    { ...scope.params, revenueVendorId: vendorId, periodFrom: period.from, periodTo: period.to },
  );
  return Object.fromEntries(rows.map((row) => [row.currency, row.total]));
}

/**
 * Segmentation attributes of the partners among `partnerIds` within `scope` (on the bare columns of `partners`), with
 * their certifications valid today for each of `vendorIds`: those held before certifications named a vendor count for
 * every vendor, as they did; an expired one counts for nothing, verified or not.
 */
export async function findPartnerProfiles(
  db: DataSource,
  partnerIds: string[],
  vendorIds: string[],
  scope: Condition,
): Promise<Record<string, PartnerProfile>> {
  if (partnerIds.length === 0) return {};
  const rows = await queryNamed<{ id: string; partner_types: string[]; region: string; country: string }>(
    db,
    `SELECT id, partner_types, region, country FROM partners WHERE (${scope.sql}) AND id = ANY(:profilePartnerIds) ORDER BY id`,
    { ...scope.params, profilePartnerIds: partnerIds },
  );
  const profiles: Record<string, PartnerProfile> = Object.fromEntries(
    rows.map((row) => [row.id, { types: row.partner_types, region: row.region, country: row.country, certifications: {} }]),
  );
  if (!rows.length || !vendorIds.length) return profiles;
  const codes = await queryNamed<{ partner_id: string; vendor_id: string; verified: boolean; codes: string[] }>(
    db,
    `SELECT c.partner_id, v.vendor_id, c.verified_at IS NOT NULL AS verified, array_agg(DISTINCT c.code ORDER BY c.code) AS codes
       FROM certifications c
       JOIN unnest(CAST(:profileVendorIds AS uuid[])) AS v(vendor_id) ON c.vendor_id = v.vendor_id OR c.vendor_id IS NULL
      WHERE c.partner_id = ANY(:profilePartnerIds) AND (c.expires_on IS NULL OR c.expires_on >= CAST(:profileToday AS date))
      GROUP BY 1, 2, 3`,
    // today by the service's clock, as every other date rule (periods, incentive windows), not the database's
    { profilePartnerIds: rows.map((row) => row.id), profileVendorIds: vendorIds, profileToday: utcToday() },
  );
  for (const vendorId of vendorIds) for (const row of rows) profiles[row.id].certifications[vendorId] = { verified: [], unverified: [] };
  for (const row of codes.filter((c) => c.verified)) profiles[row.partner_id].certifications[row.vendor_id].verified = row.codes;
  for (const row of codes.filter((c) => !c.verified)) {
    const entry = profiles[row.partner_id].certifications[row.vendor_id];
    entry.unverified = row.codes.filter((code) => !entry.verified.includes(code));
  }
  return profiles;
}
