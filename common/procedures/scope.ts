import { z } from 'zod';
import { answerId, answerIds } from './fields';

/**
 * The answer of GET /scope: relationship facts a subgraph owns about the caller, which other subgraphs need to scope
 * their rows (a vendor's enrolled partners and carrying distributors, a distributor's network). Only the facts for the
 * caller's own role and organization are ever served. Ids are uuids, lower-cased.
 */
export const scopeFactsAnswer = z.object({
  partnerIds: answerIds.optional(),
  vendorIds: answerIds.optional(),
  distributorIds: answerIds.optional(),
  /** (partner, vendor line) pairs of a distributor's network. */
  network: z.array(z.object({ partnerId: answerId, vendorId: answerId })).optional(),
});
export type ScopeFacts = z.output<typeof scopeFactsAnswer>;
