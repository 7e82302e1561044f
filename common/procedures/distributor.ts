import { z } from 'zod';
import { procedure } from './contract';
import { byLowerCaseKey, pairsInPeriod, perCurrency, requestId } from './fields';

/** The procedures the distributor subgraph serves to its peers (viewerOrganization: viewer.ts). */

/** servesPartner (caller PARTNER P): whether P holds an ACTIVE membership in that distributor's network for that vendor line. */
export const servesPartner = procedure(
  'servesPartner',
  z.object({ distributorId: requestId, vendorId: requestId }),
  z.object({ serves: z.boolean() }),
);

/**
 * sellThroughTotals: per "vendorId:partnerId", per currency, the sum of the sell-through lines sold in the period by any
 * distributor (a pair missing is zero). A vendor asks with vendorIds exactly [itself], a partner with partnerIds exactly [itself].
 */
export const sellThroughTotals = procedure('sellThroughTotals', pairsInPeriod, byLowerCaseKey(perCurrency));
export type SellThroughTotals = z.output<typeof sellThroughTotals.answer>;
