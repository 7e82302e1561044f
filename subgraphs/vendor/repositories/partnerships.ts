import type { DataSource, EntityManager } from 'typeorm';
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

/** The ACTIVE partnership of (vendor, partner) with its program's protection days, or null; ids must be uuids. */
export async function activePartnership(ds: DataSource, vendorId: string, partnerId: string): Promise<{ id: string; protectionDays: number } | null> {
  const rows: { id: string; protection_days: number }[] = await ds.query(
    `SELECT p.id, pp.protection_days FROM partnerships p JOIN partner_programs pp ON pp.id = p.program_id
      WHERE p.vendor_id = $1 AND p.partner_id = $2 AND p.status = 'ACTIVE'`,
    [vendorId, partnerId],
  );
  return rows.length ? { id: rows[0].id, protectionDays: rows[0].protection_days } : null;
}

// Writes and reads inside a mutation's transaction (the manager); rows of one vendor only.

/** The partner's partnership with the vendor (any status), or null. */
export function partnershipOf(manager: EntityManager, vendorId: string, partnerId: string): Promise<Partnership | null> {
  return manager.getRepository(Partnership).findOne({ where: { vendorId, partnerId } });
}

export async function insertPartnership(
  manager: EntityManager,
  row: {
    vendorId: string;
    partnerId: string;
    programId: string;
    tierId: string | null;
    salesMotion: string;
    targetRevenueMinor: bigint | null;
    currency: string;
  },
): Promise<string> {
  const [{ id }]: { id: string }[] = await manager.query(
    `INSERT INTO partnerships (vendor_id, partner_id, program_id, tier_id, status, sales_motion, target_revenue_minor, currency, enrolled_at)
     VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $6, $7, date_trunc('milliseconds', now())) RETURNING id`,
    [
      row.vendorId,
      row.partnerId,
      row.programId,
      row.tierId,
      row.salesMotion,
      row.targetRevenueMinor === null ? null : row.targetRevenueMinor.toString(),
      row.currency,
    ],
  );
  return id;
}

/** The vendor's partnership, locked for the rest of the transaction; null when missing or another vendor's. */
export function lockPartnership(manager: EntityManager, id: string, vendorId: string): Promise<Partnership | null> {
  return manager
    .getRepository(Partnership)
    .createQueryBuilder('p')
    .where('p.id = :id AND p.vendor_id = :vendorId', { id, vendorId })
    .setLock('pessimistic_write')
    .getOne();
}

/** Sets the tier and records the change (who, when, from, to, why). */
export async function changeTier(manager: EntityManager, partnership: Partnership, toTierId: string, reason: string, subject: string): Promise<void> {
  await manager.query(`UPDATE partnerships SET tier_id = $2 WHERE id = $1`, [partnership.id, toTierId]);
  await manager.query(
    `INSERT INTO partnership_tier_changes (partnership_id, from_tier_id, to_tier_id, reason, changed_by_subject, changed_at)
     VALUES ($1, $2, $3, $4, $5, date_trunc('milliseconds', now()))`,
    [partnership.id, partnership.tierId, toTierId, reason, subject],
  );
}

export function partnershipById(manager: EntityManager, id: string): Promise<Partnership> {
  return manager.getRepository(Partnership).findOneOrFail({ where: { id } });
}
