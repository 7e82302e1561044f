import type { DataSource } from 'typeorm';
import { isUuid } from '../../../common/ids';
import type { Condition } from '../../../common/pagination';
import type { Caller } from '../../../common/scope';
import { activeVendorIdsOf, eligiblePairsSql, eligibleIncentiveIds, type EligibilityFacts } from '../repositories/eligibility';
import { askPerformance, askProfiles, askSellThrough } from './peers';
import { utcToday } from '../../../common/validation';
import { trailingYear } from './period';

/**
 * "Eligible only" (docs/product.md, docs/triangle.md): an incentive is eligible for a partner when it is for partners, the partner is
 * ACTIVE with its vendor, it runs today (startsOn ≤ today ≤ endsOn, or no end) and every gate that is set holds:
 * tier rank (minTierRank ≤ the partnership's tier rank), region, country, partner type (one in common), trailing
 * 12 months revenue with that vendor (verified revenue of won deals + sell-through, in the incentive's currency) ≥ minTrailingRevenue,
 * all required certifications among the partner's valid ones for that vendor verified by it, and for product categories a product of one of them
 * on a deal the partner won with that vendor in the trailing 12 months, its revenue verified (above zero).
 *
 * The partner's profile, trailing performance and sell-through come from the partner and distributor contexts: one
 * call per procedure for all the partners and vendors at hand, then one statement decides every gate.
 */

const NONE: Condition = { sql: 'FALSE', params: {} };
const MINOR = /^\d+$/;
const CURRENCY = /^[A-Z]{3}$/;

/** The pair key "vendorId:partnerId" split, or null when it is not two ids. */
function splitPair(key: string): { vendorId: string; partnerId: string } | null {
  const [vendorId, partnerId, ...rest] = key.split(':');
  return !rest.length && vendorId && partnerId && isUuid(vendorId) && isUuid(partnerId) ? { vendorId, partnerId } : null;
}

/** What the other contexts know about these partners with these vendors, over the trailing year ending `today`. */
export async function eligibilityFacts(caller: Caller, vendorIds: string[], partnerIds: string[], today = utcToday()): Promise<EligibilityFacts> {
  const window = trailingYear(today);
  const [profiles, performance, sellThrough] = await Promise.all([
    askProfiles(caller, partnerIds, vendorIds),
    askPerformance(caller, vendorIds, partnerIds, window),
    askSellThrough(caller, vendorIds, partnerIds, window),
  ]);
  const facts: EligibilityFacts = { partnerIds, vendorIds, today, profiles: [], certifications: [], revenue: [], sold: [] };
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  for (const [partnerId, profile] of Object.entries(profiles)) {
    if (!isUuid(partnerId) || typeof profile !== 'object' || profile === null) continue;
    facts.profiles.push({
      partner_id: partnerId,
      region: typeof profile.region === 'string' ? profile.region : null,
      country: typeof profile.country === 'string' ? profile.country : null,
      types: strings(profile.types),
    });
    // only what the vendor verified counts for a gate; what the partner merely recorded does not
    for (const [vendorId, codes] of Object.entries(profile.certifications ?? {}))
      if (isUuid(vendorId)) facts.certifications.push({ partner_id: partnerId, vendor_id: vendorId, codes: strings(codes?.verified) });
  }
  const addRevenue = (key: string, amounts: Record<string, unknown> | undefined) => {
    const pair = splitPair(key);
    if (!pair || typeof amounts !== 'object' || amounts === null) return;
    for (const [currency, minor] of Object.entries(amounts)) {
      if (CURRENCY.test(currency) && typeof minor === 'string' && MINOR.test(minor))
        facts.revenue.push({ partner_id: pair.partnerId, vendor_id: pair.vendorId, currency, minor });
    }
  };
  for (const [key, pair] of Object.entries(performance)) {
    addRevenue(key, pair?.wonRevenue);
    const ids = splitPair(key);
    if (ids)
      for (const productId of strings(pair?.soldProductIds).filter(isUuid))
        facts.sold.push({ partner_id: ids.partnerId, vendor_id: ids.vendorId, product_id: productId });
  }
  for (const [key, amounts] of Object.entries(sellThrough)) addRevenue(key, amounts);
  return facts;
}

/**
 * The incentive scope of a PARTNER caller: the incentives it is eligible for today. One statement for its ACTIVE
 * vendors, the peers' facts (one call per procedure), then the condition on incentives (a sub-select).
 */
export async function partnerIncentiveScope(ds: DataSource, caller: Caller, partnerId: string): Promise<Condition> {
  const vendorIds = await activeVendorIdsOf(ds, partnerId);
  if (!vendorIds.length) return NONE;
  const facts = await eligibilityFacts(caller, vendorIds, [partnerId]);
  const pairs = eligiblePairsSql({ ...facts, vendorIds: null });
  return { sql: `id IN (SELECT e_e.incentive_id FROM (${pairs.sql}) e_e)`, params: pairs.params };
}

/** For a VENDOR caller: each partner's eligible incentives among the vendor's own (ids), for many partners at once. */
export async function eligibleForPartners(ds: DataSource, caller: Caller, vendorId: string, partnerIds: string[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(partnerIds.filter(isUuid).map((id) => id.toLowerCase()))];
  if (!ids.length) return new Map();
  return eligibleIncentiveIds(ds, await eligibilityFacts(caller, [vendorId], ids));
}
