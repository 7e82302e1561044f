import type { DataSource } from 'typeorm';
import {
  and,
  countByKey,
  findPage,
  findPagesByKey,
  type Condition,
  type Connection,
  type KeysetOrder,
  type PageArgs,
} from '../../../common/pagination';
import { filterId, findByIds, forUuidKeys, queryNamed } from '../../../common/repository';
import { activeRegistrationOf, Deal, DEAL_STATUSES, EFFECTIVE_STATUS_SQL, type DealStatus } from '../entities/deal';

export interface DealFilter {
  /** Any of these statuses; absent or empty means every status. */
  status?: DealStatus[] | null;
  vendorId?: string | null;
  partnerId?: string | null;
  distributorId?: string | null;
}

/** Deals list newest first, id as tie-breaker. */
export const DEAL_ORDER: KeysetOrder<Deal> = { column: 'created_at', direction: 'DESC', value: (deal) => deal.createdAt, kind: 'timestamp' };

/** A distributor's approval queue: oldest first, id as tie-breaker (first come, first decided). */
export const QUEUE_ORDER: KeysetOrder<Deal> = { column: 'created_at', direction: 'ASC', value: (deal) => deal.createdAt, kind: 'timestamp' };

/** Waiting for a decision. SUBMITTED is never a derived status, so the stored column (and its partial index) answers. */
const AWAITING_DECISION: Condition = { sql: `status = 'SUBMITTED'`, params: {} };

/** An earlier, still active registration of another partner for the same vendor and customer. */
export interface PartnerRegistrationConflict {
  dealId: string;
  partnerId: string;
}

/** One pipeline stage of a vendor: deals in a status, summed per currency (minor units, exact). */
export interface PipelineStageRow {
  status: DealStatus;
  count: number;
  amounts: { amountMinor: string; currency: string }[];
}

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
    // the status as it reads now: an approved deal past its protection is filtered as EXPIRED
    Boolean(filter?.status?.length) && { sql: `${EFFECTIVE_STATUS_SQL} = ANY(:filterStatus)`, params: { filterStatus: filter!.status } },
    vendorId !== undefined && { sql: 'vendor_id = :filterVendorId', params: { filterVendorId: vendorId } },
    partnerId !== undefined && { sql: 'partner_id = :filterPartnerId', params: { filterPartnerId: partnerId } },
    distributorId !== undefined && { sql: 'distributor_id = :filterDistributorId', params: { filterDistributorId: distributorId } },
  );
}

export function findDealsByIds(db: DataSource, ids: readonly string[], where: Condition): Promise<(Deal | null)[]> {
  return findByIds(db.getRepository(Deal), ids, where);
}

/** One page of the deals within `where` (the caller's scope) that match the filter; totalCount counts the same set. */
export function listDeals(db: DataSource, filter: DealFilter | null | undefined, args: PageArgs, where: Condition): Promise<Connection<Deal>> {
  return findPage(db.getRepository(Deal), and(where, dealCondition(filter)), DEAL_ORDER, args);
}

/** The same page of deals for many owners in one statement, in key order. */
export function findDealPagesByOwner(
  db: DataSource,
  owner: DealOwner,
  keys: readonly string[],
  filter: DealFilter | null | undefined,
  args: PageArgs,
  scope: Condition,
): Promise<Deal[][]> {
  const where = and(scope, dealCondition(filter));
  const { column, keyOf } = OWNER_COLUMN[owner];
  return forUuidKeys(
    keys,
    () => [],
    (valid) => findPagesByKey(db.getRepository(Deal), column, valid, where, DEAL_ORDER, args, keyOf),
  );
}

export function countDealsByOwner(
  db: DataSource,
  owner: DealOwner,
  keys: readonly string[],
  filter: DealFilter | null | undefined,
  scope: Condition,
): Promise<number[]> {
  const where = and(scope, dealCondition(filter));
  return forUuidKeys(
    keys,
    () => 0,
    (valid) => countByKey(db.getRepository(Deal), OWNER_COLUMN[owner].column, valid, where),
  );
}

/** The same page of each distributor's approval queue in one statement, in key order. */
export function findQueuePages(db: DataSource, distributorIds: readonly string[], args: PageArgs, scope: Condition): Promise<Deal[][]> {
  const where = and(scope, AWAITING_DECISION);
  return forUuidKeys(
    distributorIds,
    () => [],
    (valid) => findPagesByKey(db.getRepository(Deal), 'distributor_id', valid, where, QUEUE_ORDER, args, (deal) => deal.distributorId ?? ''),
  );
}

export function countQueues(db: DataSource, distributorIds: readonly string[], scope: Condition): Promise<number[]> {
  return forUuidKeys(
    distributorIds,
    () => 0,
    (valid) => countByKey(db.getRepository(Deal), 'distributor_id', valid, and(scope, AWAITING_DECISION)),
  );
}

/**
 * For many deals in one statement: the other partners' registrations that are still active (submitted, or approved
 * and protected), for the same vendor and customer domain, and made earlier (created_at, then id): the first
 * registration keeps priority. Computed at read time, so a withdrawn, rejected or expired earlier registration stops
 * counting at once. Only deals within `scope` are looked at; the colliding deals may lie outside it (the caller
 * resolves them through its scoped loaders).
 */
export async function findPartnerConflicts(db: DataSource, dealIds: readonly string[], scope: Condition): Promise<PartnerRegistrationConflict[][]> {
  return forUuidKeys(
    dealIds,
    () => [],
    async (ids) => {
      const rows = await queryNamed<{ deal_id: string; other_id: string; other_partner_id: string }>(
        db,
        `SELECT d.id AS deal_id, o.id AS other_id, o.partner_id AS other_partner_id
         FROM deals d
         JOIN deals o ON o.vendor_id = d.vendor_id AND o.customer_domain = d.customer_domain AND o.partner_id <> d.partner_id
                     AND (o.created_at, o.id) < (d.created_at, d.id) AND ${activeRegistrationOf('o')}
        WHERE d.id = ANY(:conflictDealIds) AND d.id IN (SELECT s.id FROM deals s WHERE ${scope.sql})
        ORDER BY d.id, o.created_at, o.id`,
        { ...scope.params, conflictDealIds: ids },
      );
      const byDeal = new Map<string, PartnerRegistrationConflict[]>(ids.map((id) => [id, []]));
      for (const row of rows) byDeal.get(row.deal_id)?.push({ dealId: row.other_id, partnerId: row.other_partner_id });
      return ids.map((id) => byDeal.get(id)!);
    },
  );
}

/**
 * Each vendor's deals within `scope` per status as it reads now (every status, zero counts included, in lifecycle
 * order), with the registered amounts summed per currency in minor units (numeric sums, exact).
 */
export async function findPipelines(db: DataSource, vendorIds: readonly string[], scope: Condition): Promise<PipelineStageRow[][]> {
  return forUuidKeys(
    vendorIds,
    () => emptyPipeline(),
    async (ids) => {
      const rows = await queryNamed<{ vendor_id: string; status: DealStatus; currency: string; count: number; amount_minor: string }>(
        db,
        `SELECT vendor_id, ${EFFECTIVE_STATUS_SQL} AS status, currency, count(*)::int AS count, sum(amount_minor)::text AS amount_minor
         FROM deals
        WHERE vendor_id = ANY(:pipelineVendorIds) AND (${scope.sql})
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3`,
        { ...scope.params, pipelineVendorIds: ids },
      );
      const byVendor = new Map(ids.map((id) => [id, emptyPipeline()]));
      for (const row of rows) {
        const stage = byVendor.get(row.vendor_id)?.find((s) => s.status === row.status);
        if (!stage) continue;
        stage.count += row.count;
        stage.amounts.push({ amountMinor: row.amount_minor, currency: row.currency.trim() });
      }
      return ids.map((id) => byVendor.get(id)!);
    },
  );
}

const emptyPipeline = (): PipelineStageRow[] => DEAL_STATUSES.map((status) => ({ status, count: 0, amounts: [] }));
