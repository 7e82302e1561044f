import type { Identity } from '../identity';
import type { Caller } from '../scope';

/**
 * Which of a vendor's record rows (partnerships, their partners, deals, leads, MDF requests) a vendor member reads
 * (DESIGN §6; the lead's semantics of issue 14): ADMIN and FINANCE read all the vendor's rows; a PARTNER_MANAGER
 * without either reads the rows of the partnerships assigned to it (Partnership.manager); anyone else none. ANALYST
 * does not widen it: it reads figures (pipeline, leaderboards), which the rule tree grants and which are never
 * narrowed by person, and no records, so a PARTNER_MANAGER who is also ANALYST still reads only its own partners'
 * records. An identity without groups reads none (fail closed). Callers of other roles are not narrowed here.
 */
export type VendorRows = 'ALL' | 'MANAGED' | 'NONE';

const READ_ALL_RECORDS = ['ADMIN', 'FINANCE'];

export function vendorRowsOf(identity: Identity): VendorRows {
  const groups = identity.groups ?? [];
  if (groups.some((group) => READ_ALL_RECORDS.includes(group))) return 'ALL';
  return groups.includes('PARTNER_MANAGER') ? 'MANAGED' : 'NONE';
}

/** A VENDOR caller whose record rows narrow by person (MANAGED or NONE). */
export function narrowsVendorRows(identity: Identity): boolean {
  return identity.role === 'VENDOR' && vendorRowsOf(identity) !== 'ALL';
}

/**
 * The partners a vendor member's records narrow to (DESIGN §6 partner managers), from the vendor's /scope facts
 * (managedPartnerIds; absent reads as none), or null when the caller's records are not narrowed by person. Asks the
 * vendor subgraph (once per request, cached per person) only for a narrowed vendor member.
 */
export async function managedPartnerIdsOf(caller: Caller): Promise<readonly string[] | null> {
  const { identity } = caller;
  if (!narrowsVendorRows(identity)) return null;
  if (vendorRowsOf(identity) === 'NONE') return [];
  return (await caller.facts('vendor')).managedPartnerIds ?? [];
}
