import type { DataSource, EntityManager } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
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

export interface PartnershipTerms {
  vendorId: string;
  partnerId: string;
  programId: string;
  tierId: string | null;
  salesMotion: string;
  targetRevenueMinor: bigint | null;
  currency: string;
}

/** Opens a partnership INVITED (by the vendor) or PENDING (the partner applied), at version 1; null when (vendor, partner) already has one. */
export async function insertPartnership(manager: EntityManager, row: PartnershipTerms, status: 'INVITED' | 'PENDING'): Promise<string | null> {
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO partnerships (vendor_id, partner_id, program_id, tier_id, status, sales_motion, target_revenue_minor, currency, enrolled_at, version)
     VALUES ($1, $2, $3, $4, $8, $5, $6, $7, date_trunc('milliseconds', now()), 1)
     ON CONFLICT ON CONSTRAINT partnerships_vendor_partner_key DO NOTHING RETURNING id`,
    [
      row.vendorId,
      row.partnerId,
      row.programId,
      row.tierId,
      row.salesMotion,
      row.targetRevenueMinor === null ? null : row.targetRevenueMinor.toString(),
      row.currency,
      status,
    ],
  );
  return rows.length ? rows[0].id : null;
}

/** Opens a DECLINED or TERMINATED partnership again with new terms (its history continues); false when it is no longer closed. */
export async function reopenPartnership(manager: EntityManager, id: string, row: PartnershipTerms, status: 'INVITED' | 'PENDING'): Promise<boolean> {
  const [, affected]: [unknown, number] = await manager.query(
    `UPDATE partnerships SET program_id = $2, tier_id = $3, sales_motion = $4, target_revenue_minor = $5, status = $6,
            enrolled_at = date_trunc('milliseconds', now()), version = version + 1
      WHERE id = $1 AND status IN ('DECLINED', 'TERMINATED')`,
    [id, row.programId, row.tierId, row.salesMotion, row.targetRevenueMinor === null ? null : row.targetRevenueMinor.toString(), status],
  );
  return affected === 1;
}

/** How many of the vendor's invitations are still unanswered. */
export async function openInvitationCount(manager: EntityManager, vendorId: string): Promise<number> {
  const [{ n }]: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM partnerships WHERE vendor_id = $1 AND status = 'INVITED'`, [
    vendorId,
  ]);
  return n;
}

/** A partnership in `scope` (the caller's own side: scope.ts ownPartnershipScope), locked for the rest of the transaction; null when missing or outside it. */
export function lockPartnershipInScope(manager: EntityManager, id: string, scope: Condition): Promise<Partnership | null> {
  const where = and({ sql: 'p.id = :id', params: { id } }, scope);
  return manager.getRepository(Partnership).createQueryBuilder('p').where(where.sql, where.params).setLock('pessimistic_write').getOne();
}

/** Moves a locked partnership to `status`, one version on; an activation dates the enrolment. */
export async function setPartnershipStatus(manager: EntityManager, id: string, status: string): Promise<void> {
  await manager.query(
    `UPDATE partnerships SET status = $2, version = version + 1,
            enrolled_at = CASE WHEN $2 = 'ACTIVE' AND status IN ('INVITED', 'PENDING') THEN date_trunc('milliseconds', now()) ELSE enrolled_at END
      WHERE id = $1`,
    [id, status],
  );
}

/** A program by id, whichever vendor's: a partner applies to a program whose id the vendor gave it. */
export async function programForApplication(manager: EntityManager, id: string): Promise<{ id: string; vendorId: string; currency: string } | null> {
  const rows: { id: string; vendor_id: string; currency: string }[] = await manager.query(
    `SELECT pp.id, pp.vendor_id, v.currency FROM partner_programs pp JOIN vendors v ON v.id = pp.vendor_id WHERE pp.id = $1`,
    [id],
  );
  return rows.length ? { id: rows[0].id, vendorId: rows[0].vendor_id, currency: rows[0].currency } : null;
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
