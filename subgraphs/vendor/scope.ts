import type { DataSource } from 'typeorm';
import { organizationOf, type Identity } from '../../common/identity';
import type { Condition } from '../../common/pagination';
import type { Caller, ScopeFacts } from '../../common/scope';
import { vendorRowsOf } from '../../common/members/partner-managers';
import { partnerIncentiveScope } from './services/eligibility';

/**
 * Row scope of the vendor context: one Condition per table, built from the caller the gateway signed,
 * on the table's bare column names. Relationship facts this subgraph owns (a partner's enrollments, a
 * distributor's agreements) are sub-selects in the same statement; only a distributor's network pairs
 * come from a peer (the distributor subgraph), asked lazily and once per request.
 *
 * | table                   | VENDOR V            | PARTNER P                         | DISTRIBUTOR D                          |
 * |-------------------------|---------------------|-----------------------------------|----------------------------------------|
 * | vendors                 | id = V              | id IN enrolled                    | id IN carried                          |
 * | products                | vendor_id = V       | vendor_id IN enrolled             | vendor_id IN carried                   |
 * | partner_programs        | vendor_id = V       | vendor_id IN enrolled             | vendor_id IN carried                   |
 * | program_tiers           | program in scope    | program in scope                  | program in scope                       |
 * | incentives              | vendor_id = V       | eligible today (see below)        | audience DISTRIBUTOR, vendor carried   |
 * | partnerships            | vendor_id = V       | partner_id = P                    | (partner_id, vendor_id) in D's network |
 * | distribution_agreements | vendor_id = V       | none                              | distributor_id = D                     |
 * | direct_accounts         | vendor_id = V       | none                              | none                                   |
 * | mdf_requests            | incentive of V      | partner_id = P                    | none                                   |
 *
 * A vendor member whose groups narrow its records (common/members/partner-managers.ts: a PARTNER_MANAGER without
 * ADMIN or FINANCE) reads, of partnerships and MDF requests, only those of the partnerships assigned to it
 * (manager_subject = its subject; MDF requests of those partners for V), and its /scope facts name only those partners
 * (so the partner subgraph narrows partners, deals and leads the same way); a member whose groups read no records
 * (ANALYST alone, no groups) none. The vendor's other tables are not narrowed here: the rule tree keeps a partner
 * manager from programs, incentives, catalog edits, direct accounts, engagement rules and agreements.
 *
 * enrolled = vendors with an ACTIVE partnership with P (DESIGN §7: until a relationship is ACTIVE neither side sees
 * more of the other than its public profile and the invitation); carried = vendors with an active distribution
 * agreement with D. A partner sees the vendor row itself (its public profile: id, slug, name, website, country) for
 * any partnership, invitations and ended ones included, and the program (with its tiers) of an open invitation or
 * application: what it is asked to accept. A partner's incentives are the ones it is eligible for (services/eligibility.ts:
 * audience PARTNER, ACTIVE with the vendor, running today, every gate met); the gates on its profile and trailing
 * results need the partner and distributor subgraphs, asked lazily and once per request (incentiveScopeOf).
 */

const NONE: Condition = { sql: 'FALSE', params: {} };

const ENROLLED_VENDORS = `SELECT s_p.vendor_id FROM partnerships s_p WHERE s_p.partner_id = :scopeOrg AND s_p.status = 'ACTIVE'`;
/** Vendors whose public profile a partner sees: any partnership with it, whatever its status. */
const KNOWN_VENDORS = `SELECT s_k.vendor_id FROM partnerships s_k WHERE s_k.partner_id = :scopeOrg`;
/** Programs a partner is invited to or has applied to: the terms it is asked to accept. */
const OFFERED_PROGRAMS = `SELECT s_o.program_id FROM partnerships s_o WHERE s_o.partner_id = :scopeOrg AND s_o.status IN ('INVITED', 'PENDING')`;
const CARRIED_VENDORS = `SELECT s_a.vendor_id FROM distribution_agreements s_a WHERE s_a.distributor_id = :scopeOrg AND s_a.active`;

/** Partnerships assigned to the caller (a narrowed vendor member), on the bare columns of `partnerships`. */
const MANAGED = 'manager_subject = :scopeManager';
/** Partners of the partnerships (any status) assigned to the caller, among its vendor's. */
const MANAGED_PARTNERS = `SELECT s_m.partner_id FROM partnerships s_m WHERE s_m.vendor_id = :scopeOrg AND s_m.manager_subject = :scopeManager`;

/**
 * A vendor's own records, narrowed by person: `all` when the member reads all the vendor's records, `all AND managed`
 * for a partner manager, nothing otherwise. `managed` reads :scopeManager.
 */
function ownVendorRecords(identity: Identity, scopeOrg: string, all: string, managed: string): Condition {
  switch (vendorRowsOf(identity)) {
    case 'ALL':
      return { sql: all, params: { scopeOrg } };
    case 'MANAGED':
      return { sql: `(${all} AND ${managed})`, params: { scopeOrg, scopeManager: identity.subject } };
    default:
      return NONE;
  }
}

/** `column` holds a vendor id the caller may see the vendor-level rows of (catalog, programs). */
function vendorColumnScope(identity: Identity, column: string): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
      return { sql: `${column} = :scopeOrg`, params: { scopeOrg } };
    case 'PARTNER':
      return { sql: `${column} IN (${ENROLLED_VENDORS})`, params: { scopeOrg } };
    case 'DISTRIBUTOR':
      return { sql: `${column} IN (${CARRIED_VENDORS})`, params: { scopeOrg } };
    default:
      return NONE;
  }
}

export function vendorScope(identity: Identity): Condition {
  const scopeOrg = organizationOf(identity);
  if (identity.role === 'PARTNER' && scopeOrg) return { sql: `id IN (${KNOWN_VENDORS})`, params: { scopeOrg } };
  // a distributor sees the vendor row (public profile) of any agreement, an offer included
  if (identity.role === 'DISTRIBUTOR' && scopeOrg)
    return { sql: `id IN (SELECT s_ka.vendor_id FROM distribution_agreements s_ka WHERE s_ka.distributor_id = :scopeOrg)`, params: { scopeOrg } };
  return vendorColumnScope(identity, 'id');
}
export const productScope = (identity: Identity): Condition => vendorColumnScope(identity, 'vendor_id');

export function programScope(identity: Identity): Condition {
  const scopeOrg = organizationOf(identity);
  if (identity.role === 'PARTNER' && scopeOrg)
    return { sql: `(vendor_id IN (${ENROLLED_VENDORS}) OR id IN (${OFFERED_PROGRAMS}))`, params: { scopeOrg } };
  return vendorColumnScope(identity, 'vendor_id');
}

/** Tiers of the programs in scope. */
export function tierScope(identity: Identity): Condition {
  const programs = programScope(identity);
  if (programs === NONE) return NONE;
  return { sql: `program_id IN (SELECT id FROM partner_programs WHERE ${programs.sql})`, params: programs.params };
}

/**
 * Incentives visible before eligibility: a partner's are audience PARTNER of the vendors it is ACTIVE with. What a partner lists and looks up is narrower: incentiveScopeOf.
 */
export function incentiveScope(identity: Identity): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
      return { sql: 'vendor_id = :scopeOrg', params: { scopeOrg } };
    case 'PARTNER':
      // narrowed to the incentives the partner is eligible for by incentiveScopeOf
      return { sql: `audience = 'PARTNER' AND vendor_id IN (${ENROLLED_VENDORS})`, params: { scopeOrg } };
    case 'DISTRIBUTOR':
      return { sql: `audience = 'DISTRIBUTOR' AND vendor_id IN (${CARRIED_VENDORS})`, params: { scopeOrg } };
    default:
      return NONE;
  }
}

/**
 * The incentives the caller sees: a vendor its own, a distributor the distributor-facing ones of the vendors it
 * carries, a partner only those it is eligible for today (needs the partner and distributor subgraphs; throws
 * ScopeUnavailableError when one cannot answer).
 */
export async function incentiveScopeOf(ds: DataSource, caller: Caller): Promise<Condition> {
  const scopeOrg = organizationOf(caller.identity);
  if (caller.identity.role !== 'PARTNER' || !scopeOrg) return incentiveScope(caller.identity);
  return partnerIncentiveScope(ds, caller, scopeOrg);
}

/** The partnerships of the caller's own side (a vendor's, narrowed by person; a partner's): the ones it may act on. */
export function ownPartnershipScope(identity: Identity): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
      return ownVendorRecords(identity, scopeOrg, 'vendor_id = :scopeOrg', MANAGED);
    case 'PARTNER':
      return { sql: 'partner_id = :scopeOrg', params: { scopeOrg } };
    default:
      return NONE;
  }
}

/** Partnerships; a distributor's scope needs its network from the distributor subgraph (throws ScopeUnavailableError when it is down). */
export async function partnershipScope(caller: Caller): Promise<Condition> {
  const { identity } = caller;
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
    case 'PARTNER':
      return ownPartnershipScope(identity);
    case 'DISTRIBUTOR': {
      const pairs = (await caller.facts('distributor')).network ?? [];
      if (!pairs.length) return NONE;
      return {
        sql: '(partner_id, vendor_id) IN (SELECT * FROM unnest(CAST(:scopeNetworkPartnerIds AS uuid[]), CAST(:scopeNetworkVendorIds AS uuid[])))',
        params: {
          scopeNetworkPartnerIds: pairs.map((pair) => pair.partnerId),
          scopeNetworkVendorIds: pairs.map((pair) => pair.vendorId),
        },
      };
    }
    default:
      return NONE;
  }
}

export function agreementScope(identity: Identity): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
      return { sql: 'vendor_id = :scopeOrg', params: { scopeOrg } };
    case 'DISTRIBUTOR':
      return { sql: 'distributor_id = :scopeOrg', params: { scopeOrg } };
    default:
      return NONE;
  }
}

export function directAccountScope(identity: Identity): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg || identity.role !== 'VENDOR') return NONE;
  return { sql: 'vendor_id = :scopeOrg', params: { scopeOrg } };
}

export function mdfRequestScope(identity: Identity): Condition {
  const scopeOrg = organizationOf(identity);
  if (!scopeOrg) return NONE;
  switch (identity.role) {
    case 'VENDOR':
      return ownVendorRecords(
        identity,
        scopeOrg,
        'incentive_id IN (SELECT s_i.id FROM incentives s_i WHERE s_i.vendor_id = :scopeOrg)',
        `partner_id IN (${MANAGED_PARTNERS})`,
      );
    case 'PARTNER':
      return { sql: 'partner_id = :scopeOrg', params: { scopeOrg } };
    default:
      return NONE;
  }
}

const distinctIds = async (ds: DataSource, sql: string, params: unknown[]): Promise<string[]> =>
  ((await ds.query(sql, params)) as { id: string }[]).map((row) => row.id);

/** A vendor's facts: its partners narrowed to the partnerships assigned to the caller when its groups narrow its records. */
async function vendorFacts(ds: DataSource, identity: Identity, org: string): Promise<ScopeFacts> {
  const distributorIds = await distinctIds(
    ds,
    'SELECT DISTINCT distributor_id AS id FROM distribution_agreements WHERE vendor_id = $1 AND active ORDER BY 1',
    [org],
  );
  const rows = vendorRowsOf(identity);
  if (rows === 'ALL') {
    const partnerIds = await distinctIds(
      ds,
      `SELECT DISTINCT partner_id AS id FROM partnerships WHERE vendor_id = $1 AND status = 'ACTIVE' ORDER BY 1`,
      [org],
    );
    return { partnerIds, distributorIds };
  }
  const managed: { id: string; active: boolean }[] =
    rows === 'MANAGED'
      ? await ds.query(
          `SELECT partner_id AS id, status = 'ACTIVE' AS active FROM partnerships WHERE vendor_id = $1 AND manager_subject = $2 ORDER BY 1`,
          [org, identity.subject],
        )
      : [];
  return {
    partnerIds: managed.filter((row) => row.active).map((row) => row.id),
    distributorIds,
    managedPartnerIds: managed.map((row) => row.id),
  };
}

/**
 * The facts this subgraph owns about a caller, served on /scope (only ever the caller's own):
 * VENDOR V → partners with an ACTIVE partnership with V, distributors with an active agreement with V; for a member
 * whose records narrow (a partner manager), only the partners of the partnerships assigned to it, and
 * managedPartnerIds: those partners whatever the partnership's status (their deals and leads stay its records);
 * PARTNER P → vendors with an ACTIVE partnership with P;
 * (an invitation, an application, a suspension or an end exposes nothing in the other subgraphs: DESIGN §7)
 * DISTRIBUTOR D → vendors with an active distribution agreement with D.
 */
export async function scopeFacts(ds: DataSource, identity: Identity): Promise<ScopeFacts> {
  const org = organizationOf(identity);
  switch (identity.role) {
    case 'VENDOR':
      if (!org) return { partnerIds: [], distributorIds: [], ...(vendorRowsOf(identity) === 'ALL' ? {} : { managedPartnerIds: [] }) };
      return vendorFacts(ds, identity, org);
    case 'PARTNER':
      if (!org) return { vendorIds: [] };
      return {
        vendorIds: await distinctIds(ds, `SELECT DISTINCT vendor_id AS id FROM partnerships WHERE partner_id = $1 AND status = 'ACTIVE' ORDER BY 1`, [
          org,
        ]),
      };
    case 'DISTRIBUTOR':
      if (!org) return { vendorIds: [] };
      return {
        vendorIds: await distinctIds(
          ds,
          'SELECT DISTINCT vendor_id AS id FROM distribution_agreements WHERE distributor_id = $1 AND active ORDER BY 1',
          [org],
        ),
      };
    default:
      return {};
  }
}
