import type { DataSource } from 'typeorm';
import type { Identity } from '../../common/identity';
import { isUuid } from '../../common/ids';
import { idOrNull } from '../../common/validation';
import { normalizeDomain } from './domain';
import { carries, directAccountByDomain } from './repositories/distribution';
import { activePartnership } from './repositories/partnerships';
import { productOwners } from './repositories/products';
import { productScope } from './scope';

/**
 * Internal procedures this subgraph serves to its peers (POST /internal/<name>), answered for the gateway-signed
 * caller only. Input that is not what a procedure expects (missing fields, ids that are not uuids, a domain that
 * is not one) is treated as unknown: the answer is the negative one, never an error that tells anything apart.
 * A caller of another role than the procedure's learns nothing (the negative answer).
 */

/** At most this many product ids per call; the rest are answered null. */
export const MAX_PRODUCT_IDS = 500;

function field(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
}

/** The product ids as given (strings only, distinct, capped). */
function productIdsOf(input: unknown): string[] {
  const value = field(input, 'productIds');
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((id): id is string => typeof id === 'string'))].slice(0, MAX_PRODUCT_IDS);
}

/** The caller's organization id when it has `role`, else null. */
function callerOf(identity: Identity, role: Identity['role']): string | null {
  return identity.role === role ? idOrNull(identity.organizationId) : null;
}

/** Each given id mapped through the lookup (keys exactly as given; ids that are not uuids → null). */
function byGivenId<V>(ids: string[], found: Map<string, V>): Record<string, V | null> {
  return Object.fromEntries(ids.map((id) => [id, (isUuid(id.trim()) && found.get(id.trim().toLowerCase())) || null]));
}

export interface DealRegistrationFacts {
  /** The caller has an ACTIVE partnership with the vendor. */
  enrolled: boolean;
  /** Protection days of that partnership's program; null when not enrolled. */
  protectionDays: number | null;
  /** Each product's vendor id; null when there is no such product the caller may see (its vendor's catalog is visible to it). */
  productVendors: Record<string, string | null>;
  /** The vendor's named direct account with the normalized customer domain; null when none, or when the caller is not enrolled. */
  directAccount: { customerName: string } | null;
  /** Whether the distributor carries the vendor (active agreement); null when no distributor was given; false when the caller is not enrolled. */
  distributorCarries: boolean | null;
}

/**
 * dealRegistration {vendorId, productIds, customerDomain, distributorId} (caller PARTNER P): what the partner
 * subgraph needs to accept a deal registration. Facts about the vendor's own business (direct accounts,
 * distribution) are answered only to a partner actively enrolled with that vendor.
 */
export async function dealRegistration(ds: DataSource, identity: Identity, input: unknown): Promise<DealRegistrationFacts> {
  const partnerId = callerOf(identity, 'PARTNER');
  const vendorId = idOrNull(field(input, 'vendorId'));
  const productIds = productIdsOf(input);
  const rawDistributor = field(input, 'distributorId');
  const noDistributor = rawDistributor === null || rawDistributor === undefined;
  const negative: DealRegistrationFacts = {
    enrolled: false,
    protectionDays: null,
    productVendors: Object.fromEntries(productIds.map((id) => [id, null])),
    directAccount: null,
    distributorCarries: noDistributor ? null : false,
  };
  if (!partnerId) return negative;

  const owners = await productOwners(ds, productIds, productScope(identity));
  const productVendors = byGivenId(productIds, new Map([...owners].map(([id, owner]) => [id, owner.vendorId])));
  const partnership = vendorId ? await activePartnership(ds, vendorId, partnerId) : null;
  if (!vendorId || !partnership) return { ...negative, productVendors };

  const customerDomain = field(input, 'customerDomain');
  const domain = typeof customerDomain === 'string' ? normalizeDomain(customerDomain) : null;
  const account = domain ? await directAccountByDomain(ds, vendorId, domain) : null;
  const distributorId = idOrNull(rawDistributor);
  return {
    enrolled: true,
    protectionDays: partnership.protectionDays,
    productVendors,
    directAccount: account ? { customerName: account.customerName } : null,
    distributorCarries: noDistributor ? null : distributorId ? await carries(ds, vendorId, distributorId) : false,
  };
}

/**
 * networkEligibility {vendorId, partnerId} (caller DISTRIBUTOR D) → whether D carries the vendor (active agreement)
 * and whether the partner has an ACTIVE partnership with it. A distributor learns about a vendor's partners only for
 * the vendors it carries: partnerEnrolled is false otherwise.
 */
export async function networkEligibility(ds: DataSource, identity: Identity, input: unknown): Promise<{ carried: boolean; partnerEnrolled: boolean }> {
  const distributorId = callerOf(identity, 'DISTRIBUTOR');
  const vendorId = idOrNull(field(input, 'vendorId'));
  const partnerId = idOrNull(field(input, 'partnerId'));
  if (!distributorId || !vendorId) return { carried: false, partnerEnrolled: false };
  const carried = await carries(ds, vendorId, distributorId);
  const partnerEnrolled = carried && partnerId !== null && (await activePartnership(ds, vendorId, partnerId)) !== null;
  return { carried, partnerEnrolled };
}

/**
 * carriedProducts {productIds} (caller DISTRIBUTOR D) → each product's vendor and currency, null unless D carries
 * that vendor (active agreement) — the distributor's product scope.
 */
export async function carriedProducts(ds: DataSource, identity: Identity, input: unknown): Promise<Record<string, { vendorId: string; currency: string } | null>> {
  const productIds = productIdsOf(input);
  if (!callerOf(identity, 'DISTRIBUTOR')) return Object.fromEntries(productIds.map((id) => [id, null]));
  return byGivenId(productIds, await productOwners(ds, productIds, productScope(identity)));
}

export const procedures = { dealRegistration, networkEligibility, carriedProducts };
