import type { DataSource } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { ALL, findByIds, findGroupedBy } from '../../../common/repository';
import { EngagementRule } from '../entities';

const repo = (ds: DataSource) => ds.getRepository(EngagementRule);
const ACTIVE: Condition = { sql: 'retired_at IS NULL', params: {} };

export function engagementRulesByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(EngagementRule | null)[]> {
  return findByIds(repo(ds), ids, where);
}

/** Each vendor's rules, oldest first; retired ones only with `includeRetired`. */
export function engagementRulesByVendorIds(
  ds: DataSource,
  vendorIds: readonly string[],
  includeRetired: boolean,
  where: Condition = ALL,
): Promise<EngagementRule[][]> {
  return findGroupedBy(repo(ds), 'vendor_id', vendorIds, (r) => r.vendorId, [['created_at']], and(where, !includeRetired && ACTIVE));
}

/** What a registration is matched on: the registering partner's region and country, its amount, its products' categories. */
export interface Segment {
  region: string | null;
  country: string | null;
  amountMinor: string;
  currency: string;
  categories: string[];
}

/**
 * The vendor's oldest active rule the registration falls in (every criterion the rule gives holds), or null. One
 * statement over the vendor's active rules, which are capped (services/engagement-rules.ts).
 */
export async function matchingRule(ds: DataSource, vendorId: string, segment: Segment): Promise<string | null> {
  const rows: { id: string }[] = await ds.query(
    `SELECT id FROM engagement_rules
      WHERE vendor_id = $1 AND retired_at IS NULL
        AND (region IS NULL OR region = $2)
        AND (country IS NULL OR country = $3)
        AND (currency IS NULL OR (currency = $5 AND $4::bigint >= coalesce(min_amount_minor, 0)
                                  AND (max_amount_minor IS NULL OR $4::bigint < max_amount_minor)))
        AND (product_category IS NULL OR lower(product_category) = ANY($6::text[]))
      ORDER BY created_at, id
      LIMIT 1`,
    [vendorId, segment.region, segment.country, segment.amountMinor, segment.currency, segment.categories.map((c) => c.toLowerCase())],
  );
  return rows[0]?.id ?? null;
}
