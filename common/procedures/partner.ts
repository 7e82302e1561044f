import { z } from 'zod';
import { procedure } from './contract';
import { byLowerCaseKey, pairsInPeriod, perCurrency, periodFields, requestId, requestIds } from './fields';

/** The procedures the partner subgraph serves to its peers (viewerOrganization: viewer.ts). */

/** partnerExists (caller VENDOR, or PARTNER about itself): whether the partner exists. */
export const partnerExists = procedure('partnerExists', z.object({ partnerId: requestId }), z.object({ exists: z.boolean() }));

/** One vendor–partner pair's closed business in a period. */
const pairPerformance = z.object({
  /** Verified revenue of deals won, per currency, in minor units (DESIGN §7: what ranks and qualifies). */
  wonRevenue: perCurrency,
  /** Claims of deals won whose revenue is not verified yet, per currency, in minor units: shown beside, never counted. */
  unverifiedRevenue: perCurrency,
  wonDeals: z.number().int().min(0),
  lostDeals: z.number().int().min(0),
  /** Products on the deals won, distinct, sorted. */
  soldProductIds: z.array(z.string()),
});
export type PairPerformance = z.output<typeof pairPerformance>;

/** partnerPerformance: per "vendorId:partnerId" with a deal closed in the period, its verified and unverified won revenue, won and lost counts and sold products (verified deals). */
export const partnerPerformance = procedure('partnerPerformance', pairsInPeriod, byLowerCaseKey(pairPerformance));

/** A partner's certifications for one vendor that are valid today (UTC): codes, distinct, sorted. */
const certificationCodes = z.object({
  /** Verified by the vendor (or held before certifications named a vendor): these count for tiers and incentive gates. */
  verified: z.array(z.string()),
  /** Recorded by the partner, not verified, and not also held verified by someone else: shown beside the count, never counted. */
  unverified: z.array(z.string()),
});
export type CertificationCodes = z.output<typeof certificationCodes>;

/** What the partner context tells about a partner's segmentation. */
const partnerProfileOf = z.object({
  types: z.array(z.string()),
  region: z.string(),
  country: z.string(),
  /** Per vendor asked about (and answered for: a vendor learns only its own), the codes of the partner's certifications for it. */
  certifications: byLowerCaseKey(certificationCodes),
});
export type PartnerProfile = z.output<typeof partnerProfileOf>;

/**
 * partnerProfile: per partner id (unknown ones left out), its segmentation profile, with its certifications for each
 * of `vendorIds` (a vendor asks with exactly [itself]; otherwise it is told no certifications).
 */
export const partnerProfile = procedure(
  'partnerProfile',
  z.object({ partnerIds: requestIds(), vendorIds: requestIds() }),
  byLowerCaseKey(partnerProfileOf),
);

/** partnerSourcedRevenue (caller VENDOR V, vendorId = V): verified revenue of V's deals won in the period, per currency. */
export const partnerSourcedRevenue = procedure('partnerSourcedRevenue', z.object({ vendorId: requestId, ...periodFields }), perCurrency);
