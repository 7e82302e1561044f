import type { DataSource } from 'typeorm';
import type { Identity } from '../../common/identity';
import { isUuid } from '../../common/ids';
import { hasActiveMembership } from './repositories/network-memberships';

/**
 * Internal procedures this subgraph serves to its peers (POST /internal/<name>), answered for the gateway-signed
 * caller only. Input that is not what a procedure expects (missing fields, ids that are not uuids) is treated
 * as unknown ids: the answer is the negative one, never an error that tells anything apart.
 */

function text(input: unknown, key: string): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const value = (input as Record<string, unknown>)[key];
  return typeof value === 'string' && isUuid(value.trim()) ? value.trim().toLowerCase() : null;
}

/**
 * servesPartner {distributorId, vendorId} (caller PARTNER P) → { serves }: whether P holds an ACTIVE membership in
 * that distributor's network for that vendor line (e.g. "may this deal be routed to that distributor?").
 * Any other role learns nothing: serves is false.
 */
export async function servesPartner(dataSource: DataSource, identity: Identity, input: unknown): Promise<{ serves: boolean }> {
  const partnerId = isUuid(identity.organizationId) ? identity.organizationId.toLowerCase() : null;
  const distributorId = text(input, 'distributorId');
  const vendorId = text(input, 'vendorId');
  if (identity.role !== 'PARTNER' || !partnerId || !distributorId || !vendorId) return { serves: false };
  return { serves: await hasActiveMembership(dataSource, distributorId, partnerId, vendorId) };
}

export const procedures = { servesPartner };
