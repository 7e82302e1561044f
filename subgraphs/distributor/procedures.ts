import type { DataSource } from 'typeorm';
import { organizationOf, type Identity } from '../../common/identity';
import { isUuid } from '../../common/ids';
import { hasActiveMembership } from './repositories/network-memberships';
import { sumSellThroughByPair } from './repositories/sell-through-analytics';
import { sellThroughScope } from './scope';
import { calendarDate, idOrNull } from '../../common/validation';
import { VIEWER_ORGANIZATION, viewerOrganization } from '../../common/viewer';

/**
 * Internal procedures this subgraph serves to its peers (POST /internal/<name>), answered for the gateway-signed
 * caller only. Input that is not what a procedure expects (missing fields, ids that are not uuids) is treated
 * as unknown ids: the answer is the negative one, never an error that tells anything apart.
 */

function text(input: unknown, key: string): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const value = (input as Record<string, unknown>)[key];
  return idOrNull(value);
}

/**
 * servesPartner {distributorId, vendorId} (caller PARTNER P) → { serves }: whether P holds an ACTIVE membership in
 * that distributor's network for that vendor line (e.g. "may this deal be routed to that distributor?").
 * Any other role learns nothing: serves is false.
 */
export async function servesPartner(dataSource: DataSource, identity: Identity, input: unknown): Promise<{ serves: boolean }> {
  const partnerId = organizationOf(identity);
  const distributorId = text(input, 'distributorId');
  const vendorId = text(input, 'vendorId');
  if (identity.role !== 'PARTNER' || !partnerId || !distributorId || !vendorId) return { serves: false };
  return { serves: await hasActiveMembership(dataSource, distributorId, partnerId, vendorId) };
}

/** The most ids one list of a procedure's input may hold. */
export const MAX_PROCEDURE_IDS = 5000;

/** Input a procedure cannot answer truthfully (not a date, a list too long): the call fails (HTTP 500) instead of answering zeros. */
export class ProcedureInputError extends Error {}

/** The distinct uuids of a list of ids, lower-cased; other entries (not strings, not uuids) are unknown ids and left out. */
function idList(input: unknown, key: string): string[] {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ProcedureInputError(`${key} must be a list of ids.`);
  if (value.length > MAX_PROCEDURE_IDS) throw new ProcedureInputError(`${key} holds ${value.length} ids; at most ${MAX_PROCEDURE_IDS} per call.`);
  const ids = value.filter((id): id is string => typeof id === 'string' && isUuid(id.trim())).map((id) => id.trim().toLowerCase());
  return [...new Set(ids)];
}

function dayOf(input: unknown, key: string): string {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
  const day = calendarDate(value);
  if (!day) throw new ProcedureInputError(`${key} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}.`);
  return day;
}

/** Sell-through per "vendorId:partnerId", per currency: sums of minor units, as strings. */
export type SellThroughTotals = Record<string, Record<string, string>>;

/**
 * sellThroughTotals {vendorIds, partnerIds, from, to} → per "vendorId:partnerId" (ids lower case), per currency, the sum
 * of the sell-through lines sold from `from` to `to` (inclusive days) by any distributor. Only pairs with at least one
 * line in the period appear (a missing pair is zero). A VENDOR V asks with vendorIds exactly [V], a PARTNER P with
 * partnerIds exactly [P]; any other ask (another organization's ids, another role) is answered with nothing ({}).
 * Ids that are not uuids are unknown ids; `from` after `to` is an empty period ({}); dates that are not calendar
 * dates, and lists of more than 5000 ids, fail the call.
 */
export async function sellThroughTotals(dataSource: DataSource, identity: Identity, input: unknown): Promise<SellThroughTotals> {
  const vendorIds = idList(input, 'vendorIds');
  const partnerIds = idList(input, 'partnerIds');
  const from = dayOf(input, 'from');
  const to = dayOf(input, 'to');
  const organization = organizationOf(identity);
  const own = (ids: string[]) => ids.length === 1 && ids[0] === organization;
  const allowed = (identity.role === 'VENDOR' && own(vendorIds)) || (identity.role === 'PARTNER' && own(partnerIds));
  if (!allowed || !vendorIds.length || !partnerIds.length || from > to) return {};
  const rows = await sumSellThroughByPair(dataSource, vendorIds, partnerIds, from, to, sellThroughScope(identity));
  const totals: SellThroughTotals = {};
  for (const row of rows) (totals[`${row.vendor_id}:${row.partner_id}`] ??= {})[row.currency] = row.total_minor;
  return totals;
}

export const procedures = { servesPartner, sellThroughTotals, [VIEWER_ORGANIZATION]: viewerOrganization('DISTRIBUTOR', 'distributors') };
