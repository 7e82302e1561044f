import type { DataSource } from 'typeorm';
import { organizationOf, type Identity } from '../../common/identity';
import { isUuid } from '../../common/ids';
import type { Condition } from '../../common/pagination';
import type { Caller, ScopeFacts } from '../../common/scope';

/**
 * Row scope of the distributor subgraph (docs/triangle.md): which distributors, network memberships and
 * sell-through lines a caller may see, as SQL conditions on each table's bare column names; and the facts
 * this subgraph owns about a caller, served to its peers on /scope.
 *
 *   distributors:        VENDOR: carried by it (vendor facts) | PARTNER: with a membership of it | DISTRIBUTOR: itself
 *   network_memberships: VENDOR: vendor_id, consented | PARTNER: partner_id | DISTRIBUTOR: distributor_id
 *   (an invitation is the business of its two sides only; what scope facts expose is ACTIVE memberships only: DESIGN §7)
 *   sell_through_lines:  VENDOR: vendor_id     | PARTNER: partner_id     | DISTRIBUTOR: distributor_id
 *
 * A vendor member whose records narrow by person (a partner manager: common/members/partner-managers.ts) reads the
 * memberships and sell-through lines of the partners assigned to it only (partner_id = ANY(its managed partners));
 * figures (rankings, the per-pair sell-through totals) are not narrowed by person: the rule tree decides who reads them.
 */

const NONE: Condition = { sql: 'FALSE', params: {} };

function ownColumn(column: string, identity: Identity): Condition {
  const org = organizationOf(identity);
  return org ? { sql: `${column} = :scopeOrg`, params: { scopeOrg: org } } : NONE;
}

/** The column holding the caller's own organization in network_memberships and sell_through_lines. */
const OWN_COLUMN = { VENDOR: 'vendor_id', PARTNER: 'partner_id', DISTRIBUTOR: 'distributor_id' } as const;

/** A narrowed vendor member's partners (managedPartnerIdsOf), or null for the organization's rows; figures pass null. */
export type Narrowing = readonly string[] | null;

/** `own` narrowed to the managed partners' rows (a vendor's partner manager), or as it is. */
function narrowed(own: Condition, narrowing: Narrowing): Condition {
  if (narrowing === null || own === NONE) return own;
  if (!narrowing.length) return NONE;
  return { sql: `(${own.sql} AND partner_id = ANY(:scopeManagedPartnerIds))`, params: { ...own.params, scopeManagedPartnerIds: [...narrowing] } };
}

export function membershipScope(identity: Identity, narrowing: Narrowing): Condition {
  const own = ownColumn(OWN_COLUMN[identity.role], identity);
  // a vendor is a third party to a membership: it sees the consented ones of its lines, never an unanswered or declined invitation
  return identity.role === 'VENDOR' && own !== NONE
    ? narrowed({ sql: `${own.sql} AND status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED')`, params: own.params }, narrowing)
    : own;
}

export function sellThroughScope(identity: Identity, narrowing: Narrowing): Condition {
  const own = ownColumn(OWN_COLUMN[identity.role], identity);
  return identity.role === 'VENDOR' ? narrowed(own, narrowing) : own;
}

/** Asks the vendor subgraph only for a VENDOR caller; a peer that cannot answer makes this throw (fail closed). */
export async function distributorScope(caller: Caller): Promise<Condition> {
  const { identity } = caller;
  switch (identity.role) {
    case 'DISTRIBUTOR':
      return ownColumn('id', identity);
    case 'PARTNER': {
      const org = organizationOf(identity);
      return org
        ? {
            sql: 'id IN (SELECT scope_m.distributor_id FROM network_memberships scope_m WHERE scope_m.partner_id = :scopeOrg)',
            params: { scopeOrg: org },
          }
        : NONE;
    }
    case 'VENDOR': {
      const { distributorIds = [] } = await caller.facts('vendor');
      const ids = distributorIds.filter(isUuid).map((id) => id.toLowerCase());
      return ids.length ? { sql: 'id = ANY(:scopeDistributorIds)', params: { scopeDistributorIds: ids } } : NONE;
    }
    default:
      return NONE;
  }
}

/**
 * Served on /scope to peer subgraphs, only about the (gateway-signed) caller itself:
 *   DISTRIBUTOR D → its ACTIVE memberships as (partner, vendor) pairs, and their distinct partners
 *   PARTNER P     → distributors having an ACTIVE membership of P
 *   VENDOR        → nothing
 */
export async function scopeFacts(dataSource: DataSource, identity: Identity): Promise<ScopeFacts> {
  const org = organizationOf(identity);
  switch (identity.role) {
    case 'DISTRIBUTOR': {
      if (!org) return { network: [], partnerIds: [] };
      const rows: { partner_id: string; vendor_id: string }[] = await dataSource.query(
        `SELECT DISTINCT partner_id, vendor_id FROM network_memberships WHERE distributor_id = $1 AND status = 'ACTIVE' ORDER BY partner_id, vendor_id`,
        [org],
      );
      const network = rows.map((row) => ({ partnerId: row.partner_id, vendorId: row.vendor_id }));
      return { network, partnerIds: [...new Set(network.map((pair) => pair.partnerId))] };
    }
    case 'PARTNER': {
      if (!org) return { distributorIds: [] };
      const rows: { distributor_id: string }[] = await dataSource.query(
        `SELECT DISTINCT distributor_id FROM network_memberships WHERE partner_id = $1 AND status = 'ACTIVE' ORDER BY distributor_id`,
        [org],
      );
      return { distributorIds: rows.map((row) => row.distributor_id) };
    }
    default:
      return {};
  }
}
