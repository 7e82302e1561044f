import { ForbiddenError } from '../../../common/errors';
import { organizationOf } from '../../../common/identity';
import { money } from '../../../common/money';
import type { PageArgs } from '../../../common/pagination';
import type { Deal as DealRow } from '../entities/deal';
import { stub } from '../../../common/subgraph';
import type { Context } from '../context';

/** Statuses a registration reaches through (or after) its decision: the partner sees hasConflict from then on. */
const DECIDED = new Set<DealRow['status']>(['APPROVED', 'REJECTED', 'WON', 'LOST', 'EXPIRED']);

/** A conflict as Deal.conflicts answers it (DealConflict resolves the rest): the colliding deal and its partner go through the caller's scoped loaders. */
export interface ConflictRow {
  kind: 'PARTNER_REGISTRATION' | 'DIRECT_ACCOUNT' | 'DIRECT_SEGMENT';
  dealId: string | null;
  partnerId: string | null;
  customerName: string | null;
  /** DIRECT_SEGMENT: the vendor's rule (a stub the vendor subgraph resolves, for the vendor only). */
  engagementRuleId: string | null;
}

/** What the registration kept from the vendor when it was made: its direct account and its reserved segment. */
function vendorConflicts(deal: DealRow): ConflictRow[] {
  const none = { dealId: null, partnerId: null, customerName: null, engagementRuleId: null };
  return [
    ...(deal.directAccountName !== null ? [{ ...none, kind: 'DIRECT_ACCOUNT' as const, customerName: deal.directAccountName }] : []),
    ...(deal.directSegmentRuleId !== null ? [{ ...none, kind: 'DIRECT_SEGMENT' as const, engagementRuleId: deal.directSegmentRuleId }] : []),
  ];
}

export const dealResolvers = {
  Deal: {
    __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loaders.dealById.load(id),
    partner: (deal: DealRow, _: unknown, { loaders }: Context) => loaders.partnerById.load(deal.partnerId),
    vendor: (deal: DealRow) => stub(deal.vendorId),
    distributor: (deal: DealRow) => (deal.distributorId ? stub(deal.distributorId) : null),
    lines: (deal: DealRow, _: unknown, { loaders }: Context) => loaders.dealLinesByDealId.load(deal.id),
    amount: (deal: DealRow) => money(deal.amountMinor, deal.currency),
    finalAmount: (deal: DealRow) => money(deal.finalAmountMinor, deal.currency),
    reportedAmount: (deal: DealRow) => money(deal.finalAmountMinor, deal.currency),
    verifiedAmount: (deal: DealRow) => money(deal.verifiedAmountMinor, deal.currency),
    verifiedBy: (deal: DealRow, _: unknown, { identity }: Context) =>
      deal.verifiedByRole === null
        ? null
        : {
            subject: deal.verifiedByOrganizationId === organizationOf(identity) ? deal.verifiedBySubject : null,
            role: deal.verifiedByRole,
            organizationId: deal.verifiedByOrganizationId,
          },
    history: (deal: DealRow, args: PageArgs, { loaders }: Context) => loaders.historyByDeal.load(deal.id, args),
    lead: (deal: DealRow, _: unknown, { loaders }: Context) => (deal.leadId ? loaders.leadById.load(deal.leadId) : null),
    /** The partner's own member who owns it; null for anyone else (the gateway's rule keeps the field from them too). */
    owner: (deal: DealRow, _: unknown, { loaders }: Context) => (deal.ownerSubject ? loaders.partnerMemberBySubject.load(deal.ownerSubject) : null),
    registeredBy: (deal: DealRow) =>
      deal.registeredByDistributorId
        ? { role: 'DISTRIBUTOR', organizationId: deal.registeredByDistributorId }
        : { role: 'PARTNER', organizationId: deal.partnerId },
    /** The vendor's own: a deal in a vendor's scope is one of its products' (the gateway's rule keeps others out). */
    vendorNotesHistory: (deal: DealRow, _: unknown, { identity, loaders }: Context) => {
      if (identity.role !== 'VENDOR') throw new ForbiddenError('Only the vendor reads its notes on a deal, and their history.');
      return loaders.vendorNotesHistory.load(deal.id);
    },
    /**
     * Whether the registration collides, computed now from the other registrations. The partner learns it through the
     * decision only (DESIGN §7): before that (or when it withdrew first) it is null, so a registration cannot be used to
     * ask whether a customer is a direct account or registered by someone else.
     */
    hasConflict: async (deal: DealRow, _: unknown, { identity, loaders }: Context) => {
      if (identity.role === 'PARTNER' && !DECIDED.has(deal.status)) return null;
      return vendorConflicts(deal).length > 0 || (await loaders.partnerConflictsByDealId.load(deal.id)).length > 0;
    },
    /** Who it collides with: the vendor and the distributor (the gateway's rule); a partner learns only hasConflict. */
    conflicts: async (deal: DealRow, _: unknown, { identity, loaders }: Context): Promise<ConflictRow[]> => {
      if (identity.role === 'PARTNER')
        throw new ForbiddenError('A partner sees whether its registration has a conflict (hasConflict), not with whom.');
      const partners = (await loaders.partnerConflictsByDealId.load(deal.id)).map((other): ConflictRow => ({
        kind: 'PARTNER_REGISTRATION',
        dealId: other.dealId,
        partnerId: other.partnerId,
        customerName: null,
        engagementRuleId: null,
      }));
      return [...vendorConflicts(deal), ...partners];
    },
  },
};
