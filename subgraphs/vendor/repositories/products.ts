import type { DataSource } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { Product } from '../entities';
import { ALL, findAll, findByIds, findGroupedBy, uuidFilter } from '../../../common/repository';

const repo = (ds: DataSource) => ds.getRepository(Product);

/** Products that have not been retired: what lists show unless retired ones are asked for. */
export const ACTIVE_PRODUCTS: Condition = { sql: 'retired_at IS NULL', params: {} };

/** Products ordered by vendor, then SKU; optionally one vendor's; retired ones only with `includeRetired`. */
export function listProducts(
  ds: DataSource,
  filter: { vendorId?: string | null; includeRetired?: boolean | null },
  where: Condition = ALL,
): Promise<Product[]> {
  return findAll(repo(ds), and(where, uuidFilter('vendor_id', filter.vendorId), !filter.includeRetired && ACTIVE_PRODUCTS), [['vendor_id'], ['sku']]);
}

export function productsByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(Product | null)[]> {
  return findByIds(repo(ds), ids, where);
}

export function productsByVendorIds(ds: DataSource, vendorIds: readonly string[], where: Condition = ALL): Promise<Product[][]> {
  return findGroupedBy(repo(ds), 'vendor_id', vendorIds, (p) => p.vendorId, [['sku']], where);
}

/** Vendor and currency of each product within `where`, keyed by id (lower case); products outside it are absent. */
export async function productOwners(
  ds: DataSource,
  ids: readonly string[],
  where: Condition,
): Promise<Map<string, { vendorId: string; currency: string }>> {
  return new Map([...(await productFacts(ds, ids, where))].map(([id, p]) => [id, { vendorId: p.vendorId, currency: p.currency }]));
}

/** Each product within `where` by id (lower case), with what a registration checks: vendor, category, whether retired. */
export async function productFacts(
  ds: DataSource,
  ids: readonly string[],
  where: Condition,
): Promise<Map<string, { vendorId: string; currency: string; category: string; retired: boolean }>> {
  const found = await findByIds(repo(ds), ids, where);
  return new Map(
    found
      .filter((p): p is Product => p !== null)
      .map((p) => [p.id, { vendorId: p.vendorId, currency: p.currency, category: p.category, retired: p.retiredAt !== null }]),
  );
}
