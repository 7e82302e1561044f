import type { DataSource } from 'typeorm';
import { organizationOf, type Identity } from '../../common/identity';
import { isUuid } from '../../common/ids';
import { AnalyticsRepository, type PairPerformance, type PartnerProfile } from './repositories/analytics';
import { dealScope, profileScope } from './scope';
import { calendarDate, type Period } from '../../common/validation';
import { VIEWER_ORGANIZATION, viewerOrganization } from '../../common/viewer';

/**
 * Internal procedures of the partner context, called by peer subgraphs as the caller (POST /internal/<name>).
 * Each answers only what that caller may know, and treats input it cannot read as unknown ids.
 */

/** The caller's organization id as stored, or null when it cannot be an id. */

/**
 * partnerExists {partnerId} → { exists }. A vendor may learn whether any partner exists (it enrolls partners it
 * does not have yet); a partner only about itself; a distributor learns nothing here (its network is built from
 * the vendor's enrollments, see the vendor's networkEligibility), so it is always told false.
 */
export async function partnerExists(dataSource: DataSource, identity: Identity, input: unknown): Promise<{ exists: boolean }> {
  const raw = (input as { partnerId?: unknown } | null)?.partnerId;
  if (typeof raw !== 'string' || !isUuid(raw.trim())) return { exists: false };
  const partnerId = raw.trim().toLowerCase();
  const organization = organizationOf(identity);
  if (!organization) return { exists: false };
  if (identity.role === 'PARTNER' && partnerId !== organization) return { exists: false };
  if (identity.role !== 'VENDOR' && identity.role !== 'PARTNER') return { exists: false };
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM partners WHERE id = $1', [partnerId]);
  return { exists: rows.length > 0 };
}

/** At most this many ids per list; a longer list is input this procedure cannot read (the empty answer): ask in chunks. */
export const MAX_PROCEDURE_IDS = 5000;

function field(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>)[key] : undefined;
}

/**
 * A list of ids as given, trimmed, lower-cased, distinct; null when it is not a list of strings of at most
 * MAX_PROCEDURE_IDS. Strings that are not uuids stay in (they are unknown ids: they match no row, and they count
 * when a list must be exactly the caller).
 */
function idListOf(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length > MAX_PROCEDURE_IDS || !value.every((id) => typeof id === 'string')) return null;
  return [...new Set((value as string[]).map((id) => id.trim().toLowerCase()))];
}

const uuidsOf = (ids: string[]) => ids.filter(isUuid);

/** {from, to} of the input as an inclusive period of real calendar dates; null when either is not one. from > to is empty. */
function periodOf(input: unknown): Period | null {
  const from = calendarDate(field(input, 'from'));
  const to = calendarDate(field(input, 'to'));
  return from && to ? { from, to } : null;
}

const isExactly = (ids: string[], id: string) => ids.length === 1 && ids[0] === id;

/**
 * partnerPerformance {vendorIds, partnerIds, from, to} → Record<"vendorId:partnerId", PairPerformance>: per pair with
 * a deal closed (won or lost) in the period, its won revenue per currency, won and lost counts and the products on
 * its won deals. A vendor V asks with vendorIds exactly [V] (about any partners), a partner P with partnerIds exactly
 * [P] (about any vendors); anything else, and input it cannot read, is answered {}. A pair missing is zeros.
 */
export async function partnerPerformance(dataSource: DataSource, identity: Identity, input: unknown): Promise<Record<string, PairPerformance>> {
  const organization = organizationOf(identity);
  const vendorIds = idListOf(field(input, 'vendorIds'));
  const partnerIds = idListOf(field(input, 'partnerIds'));
  const period = periodOf(input);
  if (!organization || !vendorIds || !partnerIds || !period || period.from > period.to) return {};
  if (identity.role === 'VENDOR' ? !isExactly(vendorIds, organization) : identity.role === 'PARTNER' ? !isExactly(partnerIds, organization) : true) return {};
  return new AnalyticsRepository(dataSource).performance(uuidsOf(vendorIds), uuidsOf(partnerIds), period, dealScope(identity));
}

/**
 * partnerProfile {partnerIds} → Record<partnerId, PartnerProfile>: segmentation attributes of partners (types,
 * region, country, codes of the certifications valid today). A vendor learns them for any given partner, a partner
 * only for itself, a distributor nothing; unknown ids are left out.
 */
export async function partnerProfile(dataSource: DataSource, identity: Identity, input: unknown): Promise<Record<string, PartnerProfile>> {
  const partnerIds = idListOf(field(input, 'partnerIds'));
  if (!partnerIds) return {};
  return new AnalyticsRepository(dataSource).profiles(uuidsOf(partnerIds), profileScope(identity));
}

/**
 * partnerSourcedRevenue {vendorId, from, to} (caller VENDOR V, vendorId = V) → Record<currency, minor units string>:
 * final amounts of V's deals won in the period. Anyone else, and input it cannot read, is answered {}.
 */
export async function partnerSourcedRevenue(dataSource: DataSource, identity: Identity, input: unknown): Promise<Record<string, string>> {
  const organization = organizationOf(identity);
  const raw = field(input, 'vendorId');
  const vendorId = typeof raw === 'string' ? raw.trim().toLowerCase() : null;
  const period = periodOf(input);
  if (identity.role !== 'VENDOR' || !organization || vendorId !== organization || !period || period.from > period.to) return {};
  return new AnalyticsRepository(dataSource).wonRevenue(vendorId, period, dealScope(identity));
}

export const procedures = {
  partnerExists,
  partnerPerformance,
  partnerProfile,
  partnerSourcedRevenue,
  [VIEWER_ORGANIZATION]: viewerOrganization('PARTNER', 'partners'),
};
