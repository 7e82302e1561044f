import { normalizeId } from '../../../common/ids';
import { money } from '../../../common/money';
import { stub } from '../../../common/subgraph';
import type { Lead as LeadRow } from '../entities/lead';
import type { Context } from '../context';

/** Statuses a lead reaches only through its assignee's acceptance. */
const ACCEPTED_SINCE = new Set(['ACCEPTED', 'CONVERTED', 'LOST']);

/**
 * Contact details are the vendor's, and its assignee's once it has accepted the lead. Before that (and for a
 * distributor that passed the lead on) they read null: the lead exists for the caller, its contact is withheld, which
 * is not an error (FORBIDDEN would fail the whole field path for a lead the caller may see).
 */
function contactVisible(lead: LeadRow, { identity }: Context): boolean {
  if (identity.role === 'VENDOR') return true;
  const holder = lead.partnerId ?? lead.distributorId;
  return holder === normalizeId(identity.organizationId) && lead.acceptedAt !== null && ACCEPTED_SINCE.has(lead.status);
}

const withheld = (field: 'contactName' | 'contactEmail' | 'contactPhone') => (lead: LeadRow, _: unknown, ctx: Context) =>
  contactVisible(lead, ctx) ? lead[field] : null;

export const leadResolvers = {
  Lead: {
    __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loaders.leadById.load(id),
    vendor: (lead: LeadRow) => stub(lead.vendorId),
    externalRef: (lead: LeadRow, _: unknown, { identity }: Context) => (identity.role === 'VENDOR' ? lead.externalRef : null),
    contactName: withheld('contactName'),
    contactEmail: withheld('contactEmail'),
    contactPhone: withheld('contactPhone'),
    productsOfInterest: (lead: LeadRow) => lead.productIds.map(stub),
    estimatedAmount: (lead: LeadRow) => (lead.currency ? money(lead.estimatedAmountMinor, lead.currency.trim()) : null),
    partner: (lead: LeadRow, _: unknown, { loaders }: Context) => (lead.partnerId ? loaders.partnerById.load(lead.partnerId) : null),
    distributor: (lead: LeadRow) => (lead.distributorId ? stub(lead.distributorId) : null),
    deal: (lead: LeadRow, _: unknown, { loaders }: Context) => (lead.dealId ? loaders.dealById.load(lead.dealId) : null),
    history: (lead: LeadRow, _: unknown, { loaders }: Context) => loaders.historyByLead.load(lead.id),
    /** As Deal.owner: the partner's own member, null for anyone else. */
    owner: (lead: LeadRow, _: unknown, { loaders }: Context) => (lead.ownerSubject ? loaders.partnerMemberBySubject.load(lead.ownerSubject) : null),
  },
};
