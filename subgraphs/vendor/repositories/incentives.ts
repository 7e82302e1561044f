import type { DataSource } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { Incentive, MdfRequest } from '../entities';
import { ALL, findAll, findByIds, findGroupedBy, uuidFilter } from '../../../common/repository';

const incentives = (ds: DataSource) => ds.getRepository(Incentive);
const mdfRequests = (ds: DataSource) => ds.getRepository(MdfRequest);

export function listIncentives(ds: DataSource, filter: { vendorId?: string | null }, where: Condition = ALL): Promise<Incentive[]> {
  return findAll(incentives(ds), and(where, uuidFilter('vendor_id', filter.vendorId)), [['name']]);
}

export function incentivesByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(Incentive | null)[]> {
  return findByIds(incentives(ds), ids, where);
}

export function incentivesByVendorIds(ds: DataSource, vendorIds: readonly string[], where: Condition = ALL): Promise<Incentive[][]> {
  return findGroupedBy(incentives(ds), 'vendor_id', vendorIds, (i) => i.vendorId, [['name']], where);
}

export function mdfRequestsByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(MdfRequest | null)[]> {
  return findByIds(mdfRequests(ds), ids, where);
}

/** Each partner's MDF requests, newest first. */
export function mdfRequestsByPartnerIds(ds: DataSource, partnerIds: readonly string[], where: Condition = ALL): Promise<MdfRequest[][]> {
  return findGroupedBy(mdfRequests(ds), 'partner_id', partnerIds, (r) => r.partnerId, [['created_at', 'DESC']], where);
}
