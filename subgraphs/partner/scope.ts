import { organizationOf, type Identity } from '../../common/identity';
import { and, type Condition } from '../../common/pagination';
import type { Caller, ScopeFacts } from '../../common/scope';
import { managedPartnerIdsOf } from '../../common/members/partner-managers';

/**
 * Row scope of the partner context: one Condition per table, built from the caller the gateway signed,
 * on the table's bare column names. This subgraph owns no relationship facts: which partners a vendor or a
 * distributor may see comes from the peer that owns them (vendor: partnerships, distributor: network),
 * asked lazily (only when a query touches partners or certifications) and once per request.
 *
 * | table          | VENDOR V                          | PARTNER P          | DISTRIBUTOR D                          |
 * |----------------|-----------------------------------|--------------------|----------------------------------------|
 * | partners       | id IN vendor facts' partnerIds    | id = P             | id IN distributor facts' partnerIds    |
 * | certifications | partner_id: same as partners      | partner_id = P     | partner_id: same as partners           |
 * | deals          | vendor_id = V                     | partner_id = P (1) | distributor_id = D                     |
 * | deal_lines     | deal in scope                     | deal in scope      | deal in scope                          |
 * | deal_events    | deal in scope, no OWNER_CHANGED   | deal in scope      | deal in scope, no OWNER_CHANGED        |
 * | leads          | vendor_id = V                     | partner_id = P (1) | distributor_id = D                     |
 * | lead_settings  | vendor_id = V                     | nothing            | nothing                                |
 *
 * (1) and owner_subject = the caller's subject for a member without ADMIN (below).
 *
 * A vendor member whose records narrow by person (common/members/partner-managers.ts: a PARTNER_MANAGER without ADMIN
 * or FINANCE) reads deals and leads (and their lines and events) of its vendor whose partner_id is one of the partners
 * of the partnerships assigned to it: the vendor's /scope facts name them (managedPartnerIds, any partnership status;
 * absent reads as none), and its partnerIds (the partners it reads) are only those ACTIVE among them. Figures (the
 * pipeline, leaderboards, the lead funnel, the procedures' per-pair figures) are not narrowed by person: the gateway's
 * rule tree decides who reads them.
 *
 * Leads: partner_id is the partner the lead is (or was last) assigned to, distributor_id the distributor it was
 * assigned to, kept when that distributor passes it to a partner of its network (so it follows its progress). A lead
 * reassigned elsewhere leaves the former assignee's scope; contact fields are withheld by the Lead resolver until the
 * assignee accepts (resolvers/lead.ts).
 *
 * People (DESIGN §6): a partner member none of whose groups sees the whole organization (ADMIN does; SALES, MARKETING
 * and an identity without groups do not: fail closed) sees only the deals and leads it owns, `owner_subject = its
 * subject`, in every list, lookup, count, child (lines, history) and mutation (ownDeals below). OWNER_CHANGED events
 * name the partner's people: they are in the partner's history only (vendors and distributors never read them).
 * The internal procedures answer organization figures (a partnership's scorecard, incentive eligibility, tiers):
 * they read dealScope, the partner's whole organization, since a MARKETING member's eligibility is the partner's.
 *
 * A peer that cannot answer fails the field that needs its facts (ScopeUnavailableError propagates).
 *
 * Internal procedures (procedures.ts) are asked by peers as the caller, without scope facts; what they read:
 *
 * | procedure             | VENDOR V                                | PARTNER P                                 | DISTRIBUTOR |
 * |-----------------------|-----------------------------------------|-------------------------------------------|-------------|
 * | partnerPerformance    | deals: dealScope, only vendorIds = [V]  | deals: dealScope, only partnerIds = [P]   | nothing     |
 * | partnerSourcedRevenue | deals: dealScope, only vendorId = V     | nothing                                   | nothing     |
 * | partnerProfile        | partners: any given (profileScope)      | partners: id = P (profileScope)           | nothing     |
 * |   its certifications  | only those for V (vendorIds = [V])      | for any vendors asked                     | nothing     |
 *
 * A vendor reads any partner's segmentation profile (types, region, country, the codes of its valid certifications for
 * that vendor): it evaluates eligibility and tiers of partners before and while they enroll, as it may learn any
 * partner exists. It never learns the partner's certifications for other vendors through a procedure.
 */
export interface RowScope {
  partners(): Promise<Condition>;
  certifications(): Promise<Condition>;
  deals: Condition;
  /** Deals counted in figures (a vendor's pipeline): the caller's organization's, not narrowed by person. */
  dealFigures: Condition;
  dealLines: Condition;
  dealEvents: Condition;
  leads: Condition;
  leadSettings: Condition;
}

const NONE: Condition = { sql: 'FALSE', params: {} };

/** The partner ids a peer listed, as a list (for SQL) and a set (for lookups by id). */
interface PartnerIds {
  list: string[];
  set: ReadonlySet<string>;
}

/** Per facts object: the ScopeClient shares one answer across requests while it is cached, so its set is built once. */
const checkedPartnerIds = new WeakMap<ScopeFacts, PartnerIds>();

/** Ids a peer listed (uuids in lower case: the /scope contract has read them). */
function partnerIdsIn(facts: ScopeFacts): PartnerIds {
  let checked = checkedPartnerIds.get(facts);
  if (!checked) {
    const set = new Set(facts.partnerIds ?? []);
    checked = { list: [...set], set };
    checkedPartnerIds.set(facts, checked);
  }
  return checked;
}

/**
 * The partners a vendor member's records are narrowed to (DESIGN §6 partner managers), or null when the caller's
 * records are not narrowed by person. Every record scope takes one, so each call site says which it reads; figures pass
 * ORGANIZATION_WIDE.
 */
export type Narrowing = readonly string[] | null;
export const ORGANIZATION_WIDE: Narrowing = null;

/** The caller's narrowing: asks the vendor subgraph (once per request) only for a vendor member whose records narrow. */
export const narrowingOf = (caller: Caller): Promise<Narrowing> => managedPartnerIdsOf(caller);

/** A vendor's rows (deals, leads) of its own, narrowed to the managed partners when `narrowing` says so. */
function vendorRows(scopeOrg: string, narrowing: Narrowing): Condition {
  if (narrowing === null) return { sql: 'vendor_id = :scopeOrg', params: { scopeOrg } };
  if (!narrowing.length) return NONE;
  return {
    sql: '(vendor_id = :scopeOrg AND partner_id = ANY(:scopeManagedPartnerIds))',
    params: { scopeOrg, scopeManagedPartnerIds: [...narrowing] },
  };
}

export function dealScope(identity: Identity, narrowing: Narrowing): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
      return vendorRows(scopeOrg, narrowing);
    case 'PARTNER':
      return { sql: 'partner_id = :scopeOrg', params: { scopeOrg } };
    case 'DISTRIBUTOR':
      return { sql: 'distributor_id = :scopeOrg', params: { scopeOrg } };
    default:
      return NONE;
  }
}

/** Leads of the caller: its own as a vendor, assigned to it as a partner, assigned to (or passed on by) it as a distributor. */
export function leadScope(identity: Identity, narrowing: Narrowing): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
      return vendorRows(scopeOrg, narrowing);
    case 'PARTNER':
      return { sql: 'partner_id = :scopeOrg', params: { scopeOrg } };
    case 'DISTRIBUTOR':
      return { sql: 'distributor_id = :scopeOrg', params: { scopeOrg } };
    default:
      return NONE;
  }
}

/** Partner groups whose members see every deal and lead of the partner; any other member sees the ones it owns. */
export const PARTNER_WIDE_GROUPS: readonly string[] = ['ADMIN'];

/** Whether the caller is a partner member who sees only the rows it owns (DESIGN §6). */
export function narrowsToOwner(identity: Identity): boolean {
  return identity.role === 'PARTNER' && !(identity.groups ?? []).some((group) => PARTNER_WIDE_GROUPS.includes(group));
}

/** `base` (a deals or leads scope), narrowed to the rows the caller owns when its groups say so. */
function ownedWithin(identity: Identity, base: Condition): Condition {
  if (base === NONE || !narrowsToOwner(identity)) return base;
  return and(base, { sql: 'owner_subject = :scopeSubject', params: { scopeSubject: identity.subject } });
}

/** The deals the caller reads and acts on: dealScope, narrowed to its own for a partner's SALES member. */
export const ownDeals = (identity: Identity, narrowing: Narrowing): Condition => ownedWithin(identity, dealScope(identity, narrowing));

/** The leads the caller reads and acts on: leadScope, narrowed like ownDeals. */
export const ownLeads = (identity: Identity, narrowing: Narrowing): Condition => ownedWithin(identity, leadScope(identity, narrowing));

/** A deal's events the caller reads: those of its deals, without the partner's owner changes unless it is the partner. */
function dealEventsOf(identity: Identity, deals: Condition): Condition {
  const events = ofDealsInScope(deals);
  if (events === NONE || identity.role === 'PARTNER') return events;
  return and(events, { sql: `kind <> 'OWNER_CHANGED'`, params: {} });
}

/** Partners whose segmentation profile a procedure caller may read (on the bare columns of `partners`). */
export function profileScope(identity: Identity): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
      return { sql: 'TRUE', params: {} };
    case 'PARTNER':
      return { sql: 'id = :scopeOrg', params: { scopeOrg } };
    default:
      return NONE;
  }
}

/** Rows of a deal's children (lines, history) whose deal is in scope. */
function ofDealsInScope(deals: Condition): Condition {
  if (deals === NONE) return NONE;
  return { sql: `deal_id IN (SELECT s_d.id FROM deals s_d WHERE ${deals.sql})`, params: deals.params };
}

/** The partner ids a caller may see, or 'self' for a partner; null when nothing is in scope. Asks a peer only for vendors and distributors. */
async function partnerIdsOf(caller: Caller): Promise<PartnerIds | 'self' | null> {
  const { identity } = caller;
  if (!organizationOf(identity)) return null;
  switch (identity.role) {
    case 'PARTNER':
      return 'self';
    case 'VENDOR':
      return partnerIdsIn(await caller.facts('vendor'));
    case 'DISTRIBUTOR':
      return partnerIdsIn(await caller.facts('distributor'));
    default:
      return null;
  }
}

/** `column` holds a partner id the caller may see. */
function partnerColumnScope(identity: Identity, column: string, partnerIds: PartnerIds | 'self' | null): Condition {
  if (partnerIds === null) return NONE;
  if (partnerIds === 'self') return { sql: `${column} = :scopeOrg`, params: { scopeOrg: organizationOf(identity) } };
  const condition: Condition = { sql: `${column} = ANY(:scopePartnerIds)`, params: { scopePartnerIds: partnerIds.list } };
  // A vendor's partners can be thousands of ids: lookups by id intersect in memory instead of sending them all.
  return column === 'id' ? { ...condition, idsIn: partnerIds.set } : condition;
}

/**
 * The caller's row scope for one request, given its narrowing (narrowingOf); the peer is asked at most once, and only
 * when partners or certifications are read (or, for a narrowed vendor member, its narrowing).
 */
export function rowScope(caller: Caller, narrowing: Narrowing): RowScope {
  let partnerIds: Promise<PartnerIds | 'self' | null> | undefined;
  const partnerIdsOnce = () => (partnerIds ??= partnerIdsOf(caller));
  const deals = ownDeals(caller.identity, narrowing);
  return {
    partners: async () => partnerColumnScope(caller.identity, 'id', await partnerIdsOnce()),
    certifications: async () => partnerColumnScope(caller.identity, 'partner_id', await partnerIdsOnce()),
    deals,
    dealFigures: dealScope(caller.identity, ORGANIZATION_WIDE),
    dealLines: ofDealsInScope(deals),
    dealEvents: dealEventsOf(caller.identity, deals),
    leads: ownLeads(caller.identity, narrowing),
    // the vendor's acceptance window: a setting, not a record
    leadSettings: caller.identity.role === 'VENDOR' ? leadScope(caller.identity, ORGANIZATION_WIDE) : NONE,
  };
}
