import type { z } from 'zod';
import type { Procedure } from '../../../common/procedures/contract';
import { sellThroughTotals } from '../../../common/procedures/distributor';
import { MAX_PROCEDURE_IDS, type pairsInPeriod } from '../../../common/procedures/fields';
import {
  partnerPerformance,
  partnerProfile,
  partnerSourcedRevenue,
  type PairPerformance,
  type PartnerProfile,
} from '../../../common/procedures/partner';
import type { Caller } from '../../../common/scope';
import type { Period } from '../../../common/validation';

/**
 * The other contexts' figures the vendor's analytics need, asked of their procedures as the caller (the peer answers
 * only what the caller may know). Money comes as strings of minor units per currency. Each helper sends one call for
 * all the ids it is given (split only beyond the procedures' limit of 5000 ids per array) and answers {} without a
 * call when there is nothing to ask.
 */

export type { PairPerformance, PartnerProfile };

/** "vendorId:partnerId" (lower case), the key of the pair procedures' answers. */
export const pairKey = (vendorId: string, partnerId: string) => `${vendorId.toLowerCase()}:${partnerId.toLowerCase()}`;

function chunks(ids: string[]): string[][] {
  const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
  const result: string[][] = [];
  for (let start = 0; start < distinct.length; start += MAX_PROCEDURE_IDS) result.push(distinct.slice(start, start + MAX_PROCEDURE_IDS));
  return result;
}

/** One call per chunk of each array (one call in practice), answers merged. */
async function askPairs<V>(
  caller: Caller,
  peer: 'partner' | 'distributor',
  procedure: Procedure<typeof pairsInPeriod, z.ZodType<Record<string, V>>>,
  vendorIds: string[],
  partnerIds: string[],
  period: Period,
): Promise<Record<string, V>> {
  const calls: Promise<Record<string, V>>[] = [];
  for (const vendors of chunks(vendorIds)) {
    for (const partners of chunks(partnerIds))
      calls.push(caller.ask(peer, procedure, { vendorIds: vendors, partnerIds: partners, from: period.from, to: period.to }));
  }
  return Object.assign({}, ...(await Promise.all(calls)));
}

/** partner.partnerPerformance: verified and unverified won revenue, won/lost deals and sold products per vendor–partner pair. */
export function askPerformance(caller: Caller, vendorIds: string[], partnerIds: string[], period: Period): Promise<Record<string, PairPerformance>> {
  return askPairs(caller, 'partner', partnerPerformance, vendorIds, partnerIds, period);
}

/** distributor.sellThroughTotals: sell-through per vendor–partner pair and currency. */
export function askSellThrough(
  caller: Caller,
  vendorIds: string[],
  partnerIds: string[],
  period: Period,
): Promise<Record<string, Record<string, string>>> {
  return askPairs(caller, 'distributor', sellThroughTotals, vendorIds, partnerIds, period);
}

/** partner.partnerProfile: types, region, country per partner, and its valid certifications for each of the vendors (verified, unverified). */
export async function askProfiles(caller: Caller, partnerIds: string[], vendorIds: string[]): Promise<Record<string, PartnerProfile>> {
  const answers = await Promise.all(chunks(partnerIds).map((partners) => caller.ask('partner', partnerProfile, { partnerIds: partners, vendorIds })));
  return Object.assign({}, ...answers);
}

/** partner.partnerSourcedRevenue: verified revenue of the vendor's partner deals won in the period, per currency. */
export function askPartnerSourced(caller: Caller, vendorId: string, period: Period): Promise<Record<string, string>> {
  return caller.ask('partner', partnerSourcedRevenue, { vendorId, from: period.from, to: period.to });
}

/** A minor-unit string of an answer as a bigint; anything unreadable counts as zero. */
export function minorOf(value: unknown): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : 0n;
}

/** Verified won revenue plus sell-through of a pair in one currency (other currencies ignored; unverified claims never). */
export function pairRevenue(
  performance: Record<string, PairPerformance>,
  sellThrough: Record<string, Record<string, string>>,
  key: string,
  currency: string,
): bigint {
  return minorOf(performance[key]?.wonRevenue?.[currency]) + minorOf(sellThrough[key]?.[currency]);
}
