import type { DataSource, Repository } from 'typeorm';
import { and, countByKey, findPage, findPagesByKey, type Condition, type Connection, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { filterId, findByIds, forUuidKeys } from '../../../common/repository';
import { Deal, type DealStatus } from '../entities/deal';

export interface DealFilter {
  /** Any of these statuses; absent or empty means every status. */
  status?: DealStatus[] | null;
  vendorId?: string | null;
  partnerId?: string | null;
  distributorId?: string | null;
}

/** Deals list newest first, id as tie-breaker. */
export const DEAL_ORDER: KeysetOrder<Deal> = { column: 'created_at', direction: 'DESC', value: (deal) => deal.createdAt, kind: 'timestamp' };

/** The organizations a deal list can hang off: Partner.deals, Vendor.deals, Distributor.deals. */
export type DealOwner = 'partner' | 'vendor' | 'distributor';
const OWNER_COLUMN: Record<DealOwner, { column: string; keyOf: (deal: Deal) => string }> = {
  partner: { column: 'partner_id', keyOf: (deal) => deal.partnerId },
  vendor: { column: 'vendor_id', keyOf: (deal) => deal.vendorId },
  distributor: { column: 'distributor_id', keyOf: (deal) => deal.distributorId ?? '' },
};

export function dealCondition(filter: DealFilter | null | undefined): Condition {
  const vendorId = filterId('filter.vendorId', filter?.vendorId);
  const partnerId = filterId('filter.partnerId', filter?.partnerId);
  const distributorId = filterId('filter.distributorId', filter?.distributorId);
  return and(
    Boolean(filter?.status?.length) && { sql: 'status = ANY(:filterStatus)', params: { filterStatus: filter!.status } },
    vendorId !== undefined && { sql: 'vendor_id = :filterVendorId', params: { filterVendorId: vendorId } },
    partnerId !== undefined && { sql: 'partner_id = :filterPartnerId', params: { filterPartnerId: partnerId } },
    distributorId !== undefined && { sql: 'distributor_id = :filterDistributorId', params: { filterDistributorId: distributorId } },
  );
}

export class DealRepository {
  private readonly repo: Repository<Deal>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(Deal);
  }

  findByIds(ids: readonly string[], where: Condition): Promise<(Deal | null)[]> {
    return findByIds(this.repo, ids, where);
  }

  /** One page of the deals within `where` (the caller's scope) that match the filter; totalCount counts the same set. */
  list(filter: DealFilter | null | undefined, args: PageArgs, where: Condition): Promise<Connection<Deal>> {
    return findPage(this.repo, and(where, dealCondition(filter)), DEAL_ORDER, args);
  }

  /** The same page of deals for many owners in one statement, in key order. */
  findPagesByOwner(owner: DealOwner, keys: readonly string[], filter: DealFilter | null | undefined, args: PageArgs, scope: Condition): Promise<Deal[][]> {
    const where = and(scope, dealCondition(filter));
    const { column, keyOf } = OWNER_COLUMN[owner];
    return forUuidKeys(keys, () => [], (valid) => findPagesByKey(this.repo, column, valid, where, DEAL_ORDER, args, keyOf));
  }

  countByOwner(owner: DealOwner, keys: readonly string[], filter: DealFilter | null | undefined, scope: Condition): Promise<number[]> {
    const where = and(scope, dealCondition(filter));
    return forUuidKeys(keys, () => 0, (valid) => countByKey(this.repo, OWNER_COLUMN[owner].column, valid, where));
  }
}
