import type { DataSource } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { Product } from '../entities';
import { ALL, findAll, findByIds, findGroupedBy, uuidFilter } from '../../../common/repository';

const repo = (ds: DataSource) => ds.getRepository(Product);

/** Products ordered by vendor, then SKU; optionally one vendor's. */
export function listProducts(ds: DataSource, filter: { vendorId?: string | null }, where: Condition = ALL): Promise<Product[]> {
  return findAll(repo(ds), and(where, uuidFilter('vendor_id', filter.vendorId)), [['vendor_id'], ['sku']]);
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
  const found = await findByIds(repo(ds), ids, where);
  return new Map(found.filter((p): p is Product => p !== null).map((p) => [p.id, { vendorId: p.vendorId, currency: p.currency }]));
}
