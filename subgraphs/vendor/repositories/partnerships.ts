import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import { Partnership } from '../entities';
import { ALL, findByIds, findGroupedBy } from '../../../common/repository';

const repo = (ds: DataSource) => ds.getRepository(Partnership);

export function partnershipsByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(Partnership | null)[]> {
  return findByIds(repo(ds), ids, where);
}

/** Each vendor's partnerships, oldest enrollment first. */
export function partnershipsByVendorIds(ds: DataSource, vendorIds: readonly string[], where: Condition = ALL): Promise<Partnership[][]> {
  return findGroupedBy(repo(ds), 'vendor_id', vendorIds, (p) => p.vendorId, [['enrolled_at']], where);
}

/** Each partner's partnerships (one per vendor at most), oldest enrollment first. */
export function partnershipsByPartnerIds(ds: DataSource, partnerIds: readonly string[], where: Condition = ALL): Promise<Partnership[][]> {
  return findGroupedBy(repo(ds), 'partner_id', partnerIds, (p) => p.partnerId, [['enrolled_at']], where);
}
