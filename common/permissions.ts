import { ForbiddenError } from './errors';
import type { Identity, Role } from './identity';

/**
 * Who may act: each mutation and the roles that may call it (docs/triangle.md). The gateway's rule tree is built from
 * this table (gateway/authorization/permissions.ts), and the subgraph that runs the mutation checks the same entry
 * again before it acts: defence in depth from one source, so the two cannot disagree. Which rows an allowed role may
 * act on (its own deals, its network, …) is the subgraph's row scope, not this table.
 */
export const ACTIONS = {
  // a distributor for a partner of its network for that vendor (DESIGN §8)
  registerDeal: { roles: ['PARTNER', 'DISTRIBUTOR'], does: 'register deals' },
  withdrawDeal: { roles: ['PARTNER'], does: 'withdraw a deal' },
  // the partner's ADMIN, to one of its members (DESIGN §6; the group is checked by services/owners.ts until the rule tree reads groups)
  reassignDeal: { roles: ['PARTNER'], does: 'reassign deals to their members' },
  // the distributor for deals routed to it, the vendor as override
  approveDeal: { roles: ['DISTRIBUTOR', 'VENDOR'], does: 'approve a deal' },
  rejectDeal: { roles: ['DISTRIBUTOR', 'VENDOR'], does: 'reject a deal' },
  closeDeal: { roles: ['PARTNER', 'VENDOR'], does: 'close a deal' },
  // the vendor, or the distributor the deal is routed to (row scope): the partner's claim is not its own proof
  verifyDealRevenue: { roles: ['VENDOR', 'DISTRIBUTOR'], does: "verify a won deal's revenue" },
  // the vendor of the deal's products; partners and distributors never read them
  setDealVendorNotes: { roles: ['VENDOR'], does: "write a vendor's notes on deals" },
  updatePartnerProfile: { roles: ['PARTNER'], does: "change a partner's profile" },
  recordCertification: { roles: ['PARTNER'], does: 'record certifications' },
  // the vendor the certification is for
  verifyCertification: { roles: ['VENDOR'], does: 'verify certifications' },
  createProgram: { roles: ['VENDOR'], does: 'create partner programs' },
  updateProgram: { roles: ['VENDOR'], does: 'edit partner programs' },
  createIncentive: { roles: ['VENDOR'], does: 'create incentives' },
  updateIncentive: { roles: ['VENDOR'], does: 'edit incentives' },
  // consent on partnerships (DESIGN §7; who may move which status: subgraphs/vendor/services/partnership-consent.ts)
  enrollPartner: { roles: ['VENDOR'], does: 'invite partners into a program' },
  applyToProgram: { roles: ['PARTNER'], does: "apply to a vendor's program" },
  acceptPartnership: { roles: ['PARTNER'], does: "accept a vendor's invitation" },
  approvePartnership: { roles: ['VENDOR'], does: "approve a partner's application" },
  declinePartnership: { roles: ['VENDOR', 'PARTNER'], does: 'decline an invitation or an application' },
  suspendPartnership: { roles: ['VENDOR'], does: 'suspend a partnership' },
  resumePartnership: { roles: ['VENDOR'], does: 'resume a suspended partnership' },
  endPartnership: { roles: ['VENDOR', 'PARTNER'], does: 'end a partnership' },
  setPartnershipTier: { roles: ['VENDOR'], does: 'set partnership tiers' },
  evaluateTiers: { roles: ['VENDOR'], does: 'evaluate partnership tiers' },
  requestMdf: { roles: ['PARTNER'], does: 'request market development funds' },
  approveMdf: { roles: ['VENDOR'], does: 'approve MDF requests' },
  rejectMdf: { roles: ['VENDOR'], does: 'reject MDF requests' },
  claimMdf: { roles: ['PARTNER'], does: 'claim market development funds' },
  markMdfPaid: { roles: ['VENDOR'], does: 'mark MDF requests paid' },
  createProduct: { roles: ['VENDOR'], does: 'add products to a catalog' },
  updateProduct: { roles: ['VENDOR'], does: 'edit products' },
  retireProduct: { roles: ['VENDOR'], does: 'retire products' },
  createDirectAccount: { roles: ['VENDOR'], does: 'name direct accounts' },
  updateDirectAccount: { roles: ['VENDOR'], does: 'edit direct accounts' },
  endDirectAccount: { roles: ['VENDOR'], does: 'end direct accounts' },
  createEngagementRule: { roles: ['VENDOR'], does: 'create engagement rules' },
  updateEngagementRule: { roles: ['VENDOR'], does: 'edit engagement rules' },
  retireEngagementRule: { roles: ['VENDOR'], does: 'retire engagement rules' },
  // consent on network memberships (subgraphs/distributor/services/membership-consent.ts)
  // consent on distribution agreements (subgraphs/vendor/services/agreement-consent.ts)
  offerDistributionAgreement: { roles: ['VENDOR'], does: 'offer distribution agreements' },
  acceptDistributionAgreement: { roles: ['DISTRIBUTOR'], does: "accept a vendor's distribution agreement" },
  declineDistributionAgreement: { roles: ['DISTRIBUTOR'], does: "decline a vendor's distribution agreement" },
  suspendDistributionAgreement: { roles: ['VENDOR'], does: 'suspend a distribution agreement' },
  resumeDistributionAgreement: { roles: ['VENDOR'], does: 'resume a suspended distribution agreement' },
  endDistributionAgreement: { roles: ['VENDOR', 'DISTRIBUTOR'], does: 'end a distribution agreement' },
  addNetworkMember: { roles: ['DISTRIBUTOR'], does: 'invite partners into a network' },
  acceptNetworkMembership: { roles: ['PARTNER'], does: "accept a distributor's invitation" },
  declineNetworkMembership: { roles: ['PARTNER'], does: "decline a distributor's invitation" },
  suspendNetworkMembership: { roles: ['DISTRIBUTOR'], does: 'suspend a network membership' },
  resumeNetworkMembership: { roles: ['DISTRIBUTOR'], does: 'resume a suspended network membership' },
  endNetworkMembership: { roles: ['DISTRIBUTOR', 'PARTNER'], does: 'end a network membership' },
  updateNetworkMember: { roles: ['DISTRIBUTOR'], does: 'change network memberships' },
  reportSellThrough: { roles: ['DISTRIBUTOR'], does: 'report sell-through' },
  // every role, its own organization's members; ADMIN only (checked by the directory until groups reach the rule tree)
  inviteMember: { roles: ['VENDOR', 'PARTNER', 'DISTRIBUTOR'], does: 'invite members' },
  updateMember: { roles: ['VENDOR', 'PARTNER', 'DISTRIBUTOR'], does: 'change members' },
  // leads (DESIGN §8): which leads is the row scope (own / assigned to it / assigned to or passed on by it)
  createLead: { roles: ['VENDOR'], does: 'create leads' },
  importLeads: { roles: ['VENDOR'], does: 'import leads' },
  assignLead: { roles: ['VENDOR', 'DISTRIBUTOR'], does: 'assign leads' },
  // the vendor to another organization; the partner's ADMIN to one of its members (services/leads.ts)
  reassignLead: { roles: ['VENDOR', 'PARTNER'], does: 'reassign leads' },
  acceptLead: { roles: ['PARTNER', 'DISTRIBUTOR'], does: 'accept leads' },
  declineLead: { roles: ['PARTNER', 'DISTRIBUTOR'], does: 'decline leads' },
  convertLead: { roles: ['PARTNER'], does: 'convert leads into deal registrations' },
  closeLead: { roles: ['PARTNER', 'DISTRIBUTOR'], does: 'close leads as lost' },
  setLeadAcceptanceWindow: { roles: ['VENDOR'], does: 'set the lead acceptance window' },
} as const satisfies Record<string, { roles: readonly Role[]; does: string }>;

export type Action = keyof typeof ACTIONS;

export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

export function rolesFor(action: Action): readonly Role[] {
  return ACTIONS[action].roles;
}

export function mayAct(role: Role, action: Action): boolean {
  return rolesFor(action).includes(role);
}

/** The subgraph's own check before it acts: a role the table does not list for the action is FORBIDDEN. */
export function requireAction(identity: Identity, action: Action): void {
  if (mayAct(identity.role, action)) return;
  const who = rolesFor(action)
    .map((role) => `a ${role.toLowerCase()}`)
    .join(' or ');
  throw new ForbiddenError(`Only ${who} may ${ACTIONS[action].does}; you are signed in for a ${identity.role.toLowerCase()} organization.`);
}
