import { z } from 'zod';
import { procedure } from './contract';
import { answerId, byLowerCaseKey, requestId } from './fields';

/**
 * What a registration is matched against the vendor's engagement rules on: its amount, and the registering partner's
 * region and country (the partner subgraph's, as it has them when the partner registers).
 */
const registrationSegment = z.object({
  amountMinor: z.string().regex(/^\d{1,18}$/, 'must be a non-negative amount in minor units (digits)'),
  currency: z.string().regex(/^[A-Z]{3}$/),
  partnerRegion: z.string().max(20).nullable(),
  partnerCountry: z.string().max(2).nullable(),
});

/** The procedures the vendor subgraph serves to its peers. */

/** At most this many product ids per call (a distributor's report asks in slices of this size). */
export const MAX_PRODUCT_IDS = 500;

/** Product ids as the caller gave them (distinct): the answer is keyed by them exactly. */
const productIds = z
  .array(z.string())
  .max(MAX_PRODUCT_IDS)
  .transform((ids) => [...new Set(ids)]);

/**
 * dealRegistration (caller PARTNER P): what the partner subgraph needs to accept a deal registration. Facts about the
 * vendor's own business (direct accounts, distribution) are answered only to a partner actively enrolled with it.
 */
export const dealRegistration = procedure(
  'dealRegistration',
  z.object({ vendorId: requestId, productIds, customerDomain: z.string(), distributorId: requestId.nullable(), segment: registrationSegment }),
  z.object({
    /** P has an ACTIVE partnership with the vendor. */
    enrolled: z.boolean(),
    /** Protection days of that partnership's program; null when not enrolled. */
    protectionDays: z.number().int().min(1).max(3650).nullable(),
    /** Each product's vendor id; null when there is no such product P may see. */
    productVendors: byLowerCaseKey(answerId.nullable()),
    /** The vendor's named direct account with the normalized customer domain; null when none, or when P is not enrolled. */
    directAccount: z.object({ customerName: z.string().trim().min(1) }).nullable(),
    /** Whether the distributor carries the vendor (active agreement); null when no distributor was named; false when P is not enrolled. */
    distributorCarries: z.boolean().nullable(),
    /** The given products P may see that the vendor has retired (they cannot be registered), lower case. */
    retiredProducts: z.array(answerId),
    /** The vendor's oldest active engagement rule the registration falls in (DIRECT_SEGMENT); null when none, or when P is not enrolled. */
    directSegment: z.object({ ruleId: answerId }).nullable(),
  }),
);
export type DealRegistrationFacts = z.output<typeof dealRegistration.answer>;

/**
 * networkEligibility (caller DISTRIBUTOR D): whether D carries the vendor (active agreement) and whether the partner has
 * an ACTIVE partnership with it; partnerEnrolled is false for a vendor D does not carry.
 */
export const networkEligibility = procedure(
  'networkEligibility',
  z.object({ vendorId: requestId, partnerId: requestId }),
  z.object({ carried: z.boolean(), partnerEnrolled: z.boolean() }),
);

/** carriedProducts (caller DISTRIBUTOR D): each product's vendor and currency, null unless D carries that vendor. */
export const carriedProducts = procedure(
  'carriedProducts',
  z.object({ productIds }),
  byLowerCaseKey(z.object({ vendorId: answerId, currency: z.string().regex(/^[A-Z]{3}$/) }).nullable()),
);
export type CarriedProducts = z.output<typeof carriedProducts.answer>;
