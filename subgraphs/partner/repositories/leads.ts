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
import { DEFAULT_ACCEPTANCE_HOURS, Lead, LEAD_STATUS_SQL, type LeadStatus } from '../entities/lead';

export interface LeadFilter {
  /** Any of these statuses as they read now; absent or empty means every status. */
  status?: LeadStatus[] | null;
  partnerId?: string | null;
  distributorId?: string | null;
  /** Only leads no one holds: never assigned, declined or expired (back with the vendor). */
  unassigned?: boolean | null;
}

/** Leads list newest first, id as tie-breaker. */
export const LEAD_ORDER: KeysetOrder<Lead> = { column: 'created_at', direction: 'DESC', value: (lead) => lead.createdAt, kind: 'timestamp' };

export function leadCondition(filter: LeadFilter | null | undefined): Condition {
  const partnerId = filterId('filter.partnerId', filter?.partnerId);
  const distributorId = filterId('filter.distributorId', filter?.distributorId);
  return and(
    Boolean(filter?.status?.length) && { sql: `${LEAD_STATUS_SQL} = ANY(:filterLeadStatus)`, params: { filterLeadStatus: filter!.status } },
    partnerId !== undefined && { sql: 'partner_id = :filterLeadPartnerId', params: { filterLeadPartnerId: partnerId } },
    distributorId !== undefined && { sql: 'distributor_id = :filterLeadDistributorId', params: { filterLeadDistributorId: distributorId } },
    filter?.unassigned === true && { sql: `(assigned_at IS NULL OR ${LEAD_STATUS_SQL} IN ('DECLINED', 'EXPIRED'))`, params: {} },
  );
}

export function findLeadsByIds(db: DataSource, ids: readonly string[], where: Condition): Promise<(Lead | null)[]> {
  return findByIds(db.getRepository(Lead), ids, where);
}

export function listLeads(db: DataSource, filter: LeadFilter | null | undefined, args: PageArgs, where: Condition): Promise<Connection<Lead>> {
  return findPage(db.getRepository(Lead), and(where, leadCondition(filter)), LEAD_ORDER, args);
}

/** Vendor.leads for many vendors in one statement, in key order. */
export function findLeadPagesByVendor(
  db: DataSource,
  keys: readonly string[],
  filter: LeadFilter | null | undefined,
  args: PageArgs,
  scope: Condition,
): Promise<Lead[][]> {
  const where = and(scope, leadCondition(filter));
  return forUuidKeys(
    keys,
    () => [],
    (valid) => findPagesByKey(db.getRepository(Lead), 'vendor_id', valid, where, LEAD_ORDER, args, (lead) => lead.vendorId),
  );
}

export function countLeadsByVendor(
  db: DataSource,
  keys: readonly string[],
  filter: LeadFilter | null | undefined,
  scope: Condition,
): Promise<number[]> {
  const where = and(scope, leadCondition(filter));
  return forUuidKeys(
    keys,
    () => 0,
    (valid) => countByKey(db.getRepository(Lead), 'vendor_id', valid, where),
  );
}

/** Each vendor's acceptance window in hours (the default where it has set none), for vendors within `scope`. */
export async function findAcceptanceHours(db: DataSource, vendorIds: readonly string[], scope: Condition): Promise<(number | null)[]> {
  return forUuidKeys(
    vendorIds,
    () => null,
    async (ids) => {
      const rows = await queryNamed<{ vendor_id: string; hours: number }>(
        db,
        `SELECT vendor_id, hours FROM (
           SELECT v.vendor_id, coalesce(s.acceptance_hours, ${DEFAULT_ACCEPTANCE_HOURS}) AS hours
             FROM unnest(CAST(:settingVendorIds AS uuid[])) AS v (vendor_id)
             LEFT JOIN lead_settings s ON s.vendor_id = v.vendor_id) settings
          WHERE ${scope.sql}`,
        { ...scope.params, settingVendorIds: ids },
      );
      const byVendor = new Map(rows.map((row) => [row.vendor_id, row.hours]));
      return ids.map((id) => byVendor.get(id) ?? null);
    },
  );
}
