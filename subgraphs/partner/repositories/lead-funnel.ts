import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import { queryNamed } from '../../../common/repository';
import type { Period } from '../../../common/validation';
import { leadStatusOf } from '../entities/lead';

export interface LeadFunnelRow {
  /** null: the vendor's total (leads held by a distributor count here only). */
  partnerId: string | null;
  assigned: number;
  accepted: number;
  declined: number;
  expired: number;
  converted: number;
  /** Converted leads whose deal is WON with its revenue verified (DESIGN §7). */
  won: number;
  /** Converted leads whose deal is WON on the partner's claim, not verified yet: beside `won`, never in it. */
  wonUnverified: number;
  medianHoursToAccept: string | null;
}

/**
 * A vendor's lead funnel over the leads it created in the period (UTC days, inclusive), in one statement: per partner
 * the lead is (or was last) assigned to, and in total (GROUPING SETS). Statuses as they read now; accepted counts every
 * lead its assignee accepted (ACCEPTED, CONVERTED, LOST); won counts converted leads whose deal is WON and verified,
 * as the leaderboards count revenue (analytics.ts), and wonUnverified the WON ones still on the partner's claim; the
 * median is of the hours from the last assignment to acceptance.
 */
export async function findLeadFunnel(db: DataSource, vendorId: string, period: Period, scope: Condition): Promise<LeadFunnelRow[]> {
  const rows = await queryNamed<{
    partner_id: string | null;
    total: boolean;
    assigned: number;
    accepted: number;
    declined: number;
    expired: number;
    converted: number;
    won: number;
    won_unverified: number;
    median: string | null;
  }>(
    db,
    `SELECT l.partner_id, grouping(l.partner_id) = 1 AS total,
            count(*)::int AS assigned,
            count(*) FILTER (WHERE l.accepted_at IS NOT NULL AND ${leadStatusOf('l')} IN ('ACCEPTED', 'CONVERTED', 'LOST'))::int AS accepted,
            count(*) FILTER (WHERE ${leadStatusOf('l')} = 'DECLINED')::int AS declined,
            count(*) FILTER (WHERE ${leadStatusOf('l')} = 'EXPIRED')::int AS expired,
            count(*) FILTER (WHERE l.status = 'CONVERTED')::int AS converted,
            count(*) FILTER (WHERE l.won = 'VERIFIED')::int AS won,
            count(*) FILTER (WHERE l.won = 'UNVERIFIED')::int AS won_unverified,
            round(CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM l.accepted_at - l.assigned_at) / 3600) AS numeric), 1)::text AS median
       -- the scope on the bare columns, in the same range of leads_vendor_funnel_idx (index only): no second pass over
       -- leads; a converted lead's deal is looked up by its key (a join would read every deal to find the few converted)
       FROM (SELECT partner_id, status, accept_by, assigned_at, accepted_at,
                    CASE WHEN deal_id IS NOT NULL THEN
                      (SELECT CASE WHEN d.status <> 'WON' THEN NULL WHEN d.verified_amount_minor IS NULL THEN 'UNVERIFIED' ELSE 'VERIFIED' END
                         FROM deals d WHERE d.id = leads.deal_id)
                    END AS won
               FROM leads
              WHERE (${scope.sql}) AND vendor_id = :funnelVendorId AND assigned_at IS NOT NULL
                AND created_at >= CAST(:funnelFrom AS date) AND created_at < CAST(:funnelTo AS date) + 1) l
      GROUP BY GROUPING SETS ((l.partner_id), ())
      ORDER BY total DESC, l.partner_id`,
    { ...scope.params, funnelVendorId: vendorId, funnelFrom: period.from, funnelTo: period.to },
  );
  return rows
    .filter((row) => row.total || row.partner_id !== null)
    .map((row) => ({
      partnerId: row.total ? null : row.partner_id,
      assigned: row.assigned,
      accepted: row.accepted,
      declined: row.declined,
      expired: row.expired,
      converted: row.converted,
      won: row.won,
      wonUnverified: row.won_unverified,
      medianHoursToAccept: row.median,
    }));
}
