import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import { queryNamed } from '../../../common/repository';

/**
 * Incentive eligibility in SQL. What another context knows about the partners (profile, trailing revenue, products
 * sold) arrives as JSON parameters; this context's facts (ACTIVE partnership, its tier's rank, the incentive's
 * audience, dates and gates, the products' categories) are joined here. Every gate that is set must hold; empty
 * lists and nulls do not gate.
 */

export interface EligibilityFacts {
  partnerIds: string[];
  /** Only incentives of these vendors (a vendor asking about its own); null: every vendor the partner is enrolled with. */
  vendorIds: string[] | null;
  /** "Today" (UTC) for the incentives' start and end. */
  today: string;
  profiles: { partner_id: string; region: string | null; country: string | null; types: string[] }[];
  /** Codes of each partner's valid certifications for a vendor, verified by it (the ones a gate counts). */
  certifications: { partner_id: string; vendor_id: string; codes: string[] }[];
  /** Trailing revenue (won deals and sell-through, may repeat per pair and currency: summed). */
  revenue: { partner_id: string; vendor_id: string; currency: string; minor: string }[];
  /** Products on deals the partner won with the vendor in the trailing year. */
  sold: { partner_id: string; vendor_id: string; product_id: string }[];
}

/** (partner_id, incentive_id) of every incentive each partner is eligible for today, with TypeORM named parameters. */
export function eligiblePairsSql(facts: EligibilityFacts): Condition {
  const vendorFilter = facts.vendorIds ? 'AND e_p.vendor_id = ANY(CAST(:eligVendorIds AS uuid[]))' : '';
  return {
    sql: `SELECT e_p.partner_id, e_i.id AS incentive_id
      FROM partnerships e_p
      JOIN incentives e_i ON e_i.vendor_id = e_p.vendor_id
      LEFT JOIN program_tiers e_t ON e_t.id = e_p.tier_id
      LEFT JOIN jsonb_to_recordset(CAST(:eligProfiles AS jsonb)) AS e_f(partner_id uuid, region text, country text, types text[])
        ON e_f.partner_id = e_p.partner_id
      WHERE e_p.status = 'ACTIVE' AND e_p.partner_id = ANY(CAST(:eligPartnerIds AS uuid[])) ${vendorFilter}
        AND e_i.audience = 'PARTNER'
        AND e_i.starts_on <= CAST(:eligToday AS date) AND (e_i.ends_on IS NULL OR e_i.ends_on >= CAST(:eligToday AS date))
        AND (e_i.min_tier_rank IS NULL OR e_i.min_tier_rank <= e_t.rank)
        AND (cardinality(e_i.regions) = 0 OR e_f.region = ANY(e_i.regions))
        AND (cardinality(e_i.countries) = 0 OR e_f.country = ANY(e_i.countries))
        AND (cardinality(e_i.partner_types) = 0 OR e_i.partner_types && e_f.types)
        AND (cardinality(e_i.required_certifications) = 0 OR e_i.required_certifications <@ coalesce((
          SELECT e_c.codes
            FROM jsonb_to_recordset(CAST(:eligCertifications AS jsonb)) AS e_c(partner_id uuid, vendor_id uuid, codes text[])
           WHERE e_c.partner_id = e_p.partner_id AND e_c.vendor_id = e_p.vendor_id), '{}'))
        AND (e_i.min_revenue_minor IS NULL OR e_i.min_revenue_minor <= (
          SELECT coalesce(sum(e_r.minor), 0)
            FROM jsonb_to_recordset(CAST(:eligRevenue AS jsonb)) AS e_r(partner_id uuid, vendor_id uuid, currency text, minor numeric)
           WHERE e_r.partner_id = e_p.partner_id AND e_r.vendor_id = e_i.vendor_id AND e_r.currency = e_i.currency))
        AND (cardinality(e_i.product_categories) = 0 OR EXISTS (
          SELECT 1
            FROM jsonb_to_recordset(CAST(:eligSold AS jsonb)) AS e_s(partner_id uuid, vendor_id uuid, product_id uuid)
            JOIN products e_pr ON e_pr.id = e_s.product_id AND e_pr.vendor_id = e_s.vendor_id
           WHERE e_s.partner_id = e_p.partner_id AND e_s.vendor_id = e_i.vendor_id AND e_pr.category = ANY(e_i.product_categories)))`,
    params: {
      eligPartnerIds: facts.partnerIds,
      ...(facts.vendorIds ? { eligVendorIds: facts.vendorIds } : {}),
      eligToday: facts.today,
      eligProfiles: JSON.stringify(facts.profiles),
      eligCertifications: JSON.stringify(facts.certifications),
      eligRevenue: JSON.stringify(facts.revenue),
      eligSold: JSON.stringify(facts.sold),
    },
  };
}

/** The incentives (ids) each partner is eligible for, in one statement. */
export async function eligibleIncentiveIds(ds: DataSource, facts: EligibilityFacts): Promise<Map<string, string[]>> {
  const byPartner = new Map<string, string[]>();
  if (!facts.partnerIds.length) return byPartner;
  const { sql, params } = eligiblePairsSql(facts);
  const rows = await queryNamed<{ partner_id: string; incentive_id: string }>(ds, sql, params);
  for (const row of rows) {
    const ids = byPartner.get(row.partner_id);
    if (ids) ids.push(row.incentive_id);
    else byPartner.set(row.partner_id, [row.incentive_id]);
  }
  return byPartner;
}

/** Vendors the partner has an ACTIVE partnership with (the only ones whose incentives it may be eligible for). */
export async function activeVendorIdsOf(ds: DataSource, partnerId: string): Promise<string[]> {
  const rows: { vendor_id: string }[] = await ds.query(
    `SELECT vendor_id FROM partnerships WHERE partner_id = $1 AND status = 'ACTIVE' ORDER BY vendor_id`,
    [partnerId],
  );
  return rows.map((row) => row.vendor_id);
}
