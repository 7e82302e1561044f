import { ForbiddenError } from './errors';
import type { Identity, Role } from './identity';
import { ADMIN, GROUPS_BY_ROLE, type MemberGroup } from './members/groups';

/** The groups of one role (common/members/groups.ts): a role's entry below can only name its own. */
export type GroupOf<R extends Role> = (typeof GROUPS_BY_ROLE)[R][number];

/** For each role that may act, the groups besides ADMIN that may (ADMIN may do everything its role may). */
export type ActingGroups = { readonly [R in Role]?: readonly Exclude<GroupOf<R>, 'ADMIN'>[] };

/** Only the organization's ADMINs. */
const ADMIN_ONLY = [] as const;

/**
 * Who may act: each mutation, the roles that may call it and, within each, the member groups that may (DESIGN §6;
 * ADMIN implied, so `{ VENDOR: ADMIN_ONLY }` is the vendor's ADMINs alone). The gateway's rule tree is built from this
 * table (gateway/authorization/permissions.ts), and the subgraph that runs the mutation checks the same entry again
 * before it acts (`requireAction`, on the signed identity's role and groups): defence in depth from one source, so the
 * two cannot disagree. Which rows an allowed member may act on (its own deals, its network, the partnerships it
 * manages, …) is the subgraph's row scope, not this table. A member's rights are the union of its groups'.
 */
export const ACTIONS = {
  // a distributor for a partner of its network for that vendor (DESIGN §8)
  registerDeal: { by: { PARTNER: ['SALES'], DISTRIBUTOR: ['DEAL_DESK'] }, does: 'register deals' },
  withdrawDeal: { by: { PARTNER: ['SALES'] }, does: 'withdraw a deal' },
  // the partner's ADMIN gives its deals to its members (DESIGN §6; subgraphs/partner/services/deal-owners.ts)
  reassignDeal: { by: { PARTNER: ADMIN_ONLY }, does: 'reassign deals to their members' },
  // the distributor for deals routed to it, the vendor as override (a partner manager: its partners' deals, row scope)
  approveDeal: { by: { DISTRIBUTOR: ['DEAL_DESK'], VENDOR: ['PARTNER_MANAGER'] }, does: 'approve a deal' },
  rejectDeal: { by: { DISTRIBUTOR: ['DEAL_DESK'], VENDOR: ['PARTNER_MANAGER'] }, does: 'reject a deal' },
  closeDeal: { by: { PARTNER: ['SALES'], VENDOR: ['PARTNER_MANAGER'] }, does: 'close a deal' },
  // the vendor, or the distributor the deal is routed to (row scope): the partner's claim is not its own proof
  verifyDealRevenue: { by: { VENDOR: ['PARTNER_MANAGER'], DISTRIBUTOR: ['DEAL_DESK'] }, does: "verify a won deal's revenue" },
  // the vendor of the deal's products; partners and distributors never read them
  setDealVendorNotes: { by: { VENDOR: ['PARTNER_MANAGER'] }, does: "write a vendor's notes on deals" },
  updatePartnerProfile: { by: { PARTNER: ADMIN_ONLY }, does: "change a partner's profile" },
  recordCertification: { by: { PARTNER: ADMIN_ONLY }, does: 'record certifications' },
  // the vendor the certification is for: organization-wide (no partner manager's row scope covers certifications)
  verifyCertification: { by: { VENDOR: ADMIN_ONLY }, does: 'verify certifications' },
  createProgram: { by: { VENDOR: ADMIN_ONLY }, does: 'create partner programs' },
  updateProgram: { by: { VENDOR: ADMIN_ONLY }, does: 'edit partner programs' },
  createIncentive: { by: { VENDOR: ADMIN_ONLY }, does: 'create incentives' },
  // budgets are FINANCE's (DESIGN §6)
  updateIncentive: { by: { VENDOR: ['FINANCE'] }, does: 'edit incentives' },
  // consent on partnerships (DESIGN §7; who may move which status: subgraphs/vendor/services/partnership-consent.ts);
  // a partner manager acts on the partnerships assigned to it (row scope), inviting new partners is the ADMIN's
  enrollPartner: { by: { VENDOR: ADMIN_ONLY }, does: 'invite partners into a program' },
  applyToProgram: { by: { PARTNER: ADMIN_ONLY }, does: "apply to a vendor's program" },
  acceptPartnership: { by: { PARTNER: ADMIN_ONLY }, does: "accept a vendor's invitation" },
  approvePartnership: { by: { VENDOR: ['PARTNER_MANAGER'] }, does: "approve a partner's application" },
  declinePartnership: { by: { VENDOR: ['PARTNER_MANAGER'], PARTNER: ADMIN_ONLY }, does: 'decline an invitation or an application' },
  suspendPartnership: { by: { VENDOR: ['PARTNER_MANAGER'] }, does: 'suspend a partnership' },
  resumePartnership: { by: { VENDOR: ['PARTNER_MANAGER'] }, does: 'resume a suspended partnership' },
  endPartnership: { by: { VENDOR: ['PARTNER_MANAGER'], PARTNER: ADMIN_ONLY }, does: 'end a partnership' },
  setPartnershipTier: { by: { VENDOR: ['PARTNER_MANAGER'] }, does: 'set partnership tiers' },
  // who manages which partnership: the vendor's ADMIN (a partner manager's own rows are what it assigns)
  assignPartnerManager: { by: { VENDOR: ADMIN_ONLY }, does: 'assign partner managers' },
  // every partnership of the vendor's programs at once: organization-wide
  evaluateTiers: { by: { VENDOR: ADMIN_ONLY }, does: 'evaluate partnership tiers' },
  requestMdf: { by: { PARTNER: ['MARKETING'] }, does: 'request market development funds' },
  approveMdf: { by: { VENDOR: ['FINANCE'] }, does: 'approve MDF requests' },
  rejectMdf: { by: { VENDOR: ['FINANCE'] }, does: 'reject MDF requests' },
  claimMdf: { by: { PARTNER: ['MARKETING'] }, does: 'claim market development funds' },
  markMdfPaid: { by: { VENDOR: ['FINANCE'] }, does: 'mark MDF requests paid' },
  createProduct: { by: { VENDOR: ADMIN_ONLY }, does: 'add products to a catalog' },
  updateProduct: { by: { VENDOR: ADMIN_ONLY }, does: 'edit products' },
  retireProduct: { by: { VENDOR: ADMIN_ONLY }, does: 'retire products' },
  createDirectAccount: { by: { VENDOR: ADMIN_ONLY }, does: 'name direct accounts' },
  updateDirectAccount: { by: { VENDOR: ADMIN_ONLY }, does: 'edit direct accounts' },
  endDirectAccount: { by: { VENDOR: ADMIN_ONLY }, does: 'end direct accounts' },
  createEngagementRule: { by: { VENDOR: ADMIN_ONLY }, does: 'create engagement rules' },
  updateEngagementRule: { by: { VENDOR: ADMIN_ONLY }, does: 'edit engagement rules' },
  retireEngagementRule: { by: { VENDOR: ADMIN_ONLY }, does: 'retire engagement rules' },
  // consent on distribution agreements (subgraphs/vendor/services/agreement-consent.ts): ADMIN on both sides
  offerDistributionAgreement: { by: { VENDOR: ADMIN_ONLY }, does: 'offer distribution agreements' },
  acceptDistributionAgreement: { by: { DISTRIBUTOR: ADMIN_ONLY }, does: "accept a vendor's distribution agreement" },
  declineDistributionAgreement: { by: { DISTRIBUTOR: ADMIN_ONLY }, does: "decline a vendor's distribution agreement" },
  suspendDistributionAgreement: { by: { VENDOR: ADMIN_ONLY }, does: 'suspend a distribution agreement' },
  resumeDistributionAgreement: { by: { VENDOR: ADMIN_ONLY }, does: 'resume a suspended distribution agreement' },
  endDistributionAgreement: { by: { VENDOR: ADMIN_ONLY, DISTRIBUTOR: ADMIN_ONLY }, does: 'end a distribution agreement' },
  // consent on network memberships (subgraphs/distributor/services/membership-consent.ts): ADMIN on both sides; an
  // invitation carries credit terms, which ADMIN may set like everything its role may
  addNetworkMember: { by: { DISTRIBUTOR: ADMIN_ONLY }, does: 'invite partners into a network' },
  acceptNetworkMembership: { by: { PARTNER: ADMIN_ONLY }, does: "accept a distributor's invitation" },
  declineNetworkMembership: { by: { PARTNER: ADMIN_ONLY }, does: "decline a distributor's invitation" },
  suspendNetworkMembership: { by: { DISTRIBUTOR: ADMIN_ONLY }, does: 'suspend a network membership' },
  resumeNetworkMembership: { by: { DISTRIBUTOR: ADMIN_ONLY }, does: 'resume a suspended network membership' },
  endNetworkMembership: { by: { DISTRIBUTOR: ADMIN_ONLY, PARTNER: ADMIN_ONLY }, does: 'end a network membership' },
  // status and credit terms in one call: the ADMIN's (CREDIT has setNetworkCreditTerms, which changes terms only)
  updateNetworkMember: { by: { DISTRIBUTOR: ADMIN_ONLY }, does: 'change network memberships' },
  setNetworkCreditTerms: { by: { DISTRIBUTOR: ['CREDIT'] }, does: 'set network credit terms' },
  reportSellThrough: { by: { DISTRIBUTOR: ADMIN_ONLY }, does: 'report sell-through' },
  // every role, its own organization's members (the directory checks the caller is an ACTIVE ADMIN again, in the
  // transaction, on the directory itself: the token's groups may be seconds old)
  inviteMember: { by: { VENDOR: ADMIN_ONLY, PARTNER: ADMIN_ONLY, DISTRIBUTOR: ADMIN_ONLY }, does: 'invite members' },
  updateMember: { by: { VENDOR: ADMIN_ONLY, PARTNER: ADMIN_ONLY, DISTRIBUTOR: ADMIN_ONLY }, does: 'change members' },
  // leads (DESIGN §8): which leads is the row scope (own / assigned to it / assigned to or passed on by it); a vendor's
  // leads are created, imported and assigned by its ADMINs, a distributor's passed on by its deal desk
  createLead: { by: { VENDOR: ADMIN_ONLY }, does: 'create leads' },
  importLeads: { by: { VENDOR: ADMIN_ONLY }, does: 'import leads' },
  assignLead: { by: { VENDOR: ADMIN_ONLY, DISTRIBUTOR: ['DEAL_DESK'] }, does: 'assign leads' },
  // the vendor's to another organization; the partner's ADMIN's to one of its members (ownerSubject, services/leads.ts)
  reassignLead: { by: { VENDOR: ADMIN_ONLY, PARTNER: ADMIN_ONLY }, does: 'reassign leads' },
  acceptLead: { by: { PARTNER: ['SALES'], DISTRIBUTOR: ['DEAL_DESK'] }, does: 'accept leads' },
  declineLead: { by: { PARTNER: ['SALES'], DISTRIBUTOR: ['DEAL_DESK'] }, does: 'decline leads' },
  convertLead: { by: { PARTNER: ['SALES'] }, does: 'convert leads into deal registrations' },
  closeLead: { by: { PARTNER: ['SALES'], DISTRIBUTOR: ['DEAL_DESK'] }, does: 'close leads as lost' },
  setLeadAcceptanceWindow: { by: { VENDOR: ADMIN_ONLY }, does: 'set the lead acceptance window' },
} as const satisfies Record<string, { by: ActingGroups; does: string }>;

export type Action = keyof typeof ACTIONS;

export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

const actingGroups = (action: Action): ActingGroups => ACTIONS[action].by;

/** The roles whose members (some of them) may take the action. */
export function rolesFor(action: Action): readonly Role[] {
  return Object.keys(actingGroups(action)) as Role[];
}

/** The groups of `role` that may take the action, ADMIN first; none when the role may not. */
export function groupsFor(action: Action, role: Role): readonly MemberGroup[] {
  const groups = actingGroups(action)[role];
  return groups ? [ADMIN, ...groups] : [];
}

/** Whether a member of `role` with these groups may take the action: any one of its groups that may is enough. */
export function mayAct(member: Pick<Identity, 'role' | 'groups'>, action: Action): boolean {
  const allowed: readonly string[] = groupsFor(action, member.role);
  return (member.groups ?? []).some((group) => allowed.includes(group));
}

/** Who may, in words: "a vendor's ADMIN or FINANCE members, or a distributor's ADMIN or DEAL_DESK members". */
export function whoMay(action: Action): string {
  return rolesFor(action)
    .map((role) => `a ${role.toLowerCase()}'s ${groupsFor(action, role).join(' or ')} members`)
    .join(', or ');
}

/**
 * The subgraph's own check before it acts, on the signed identity's role and groups: a role the table does not list, or
 * a member none of whose groups it lists for that role (no groups at all included), is FORBIDDEN.
 */
export function requireAction(identity: Identity, action: Action): void {
  if (mayAct(identity, action)) return;
  const groups = identity.groups?.length ? `in ${identity.groups.join(', ')}` : 'in no group';
  throw new ForbiddenError(
    `Only ${whoMay(action)} may ${ACTIONS[action].does}; you are signed in for a ${identity.role.toLowerCase()} organization, ${groups}.`,
  );
}
