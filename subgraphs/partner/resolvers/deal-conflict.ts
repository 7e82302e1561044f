import { stub } from '../../../common/subgraph';
import type { Context } from '../context';
import type { ConflictRow } from './deal';

export const dealConflictResolvers = {
  DealConflict: {
    /** null when the other registration is outside the caller's scope (e.g. routed to another distributor). */
    deal: (conflict: ConflictRow, _: unknown, { loaders }: Context) => (conflict.dealId ? loaders.dealById.load(conflict.dealId) : null),
    partner: (conflict: ConflictRow, _: unknown, { loaders }: Context) => (conflict.partnerId ? loaders.partnerById.load(conflict.partnerId) : null),
    /** The vendor's own rule (the gateway lets only the vendor ask; the vendor subgraph resolves only its own). */
    engagementRule: (conflict: ConflictRow, _: unknown, { identity }: Context) =>
      conflict.engagementRuleId && identity.role === 'VENDOR' ? stub(conflict.engagementRuleId) : null,
  },
};
