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
  /**
   * A vendor member whose records narrow by person (common/members/partner-managers.ts): the partners of the
   * partnerships assigned to it, whatever their status; its deals, leads and MDF requests are those partners' only.
   * Absent for a member who reads all the vendor's records; a peer that narrows the caller and finds it absent reads
   * it as none (fail closed).
   */
  managedPartnerIds: answerIds.optional(),
  /** (partner, vendor line) pairs of a distributor's network. */
  network: z.array(z.object({ partnerId: answerId, vendorId: answerId })).optional(),
});
export type ScopeFacts = z.output<typeof scopeFactsAnswer>;
