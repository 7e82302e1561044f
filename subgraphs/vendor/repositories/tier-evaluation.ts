import type { EntityManager } from 'typeorm';
import { Partnership, ProgramTier } from '../entities';

/** The vendor's ACTIVE partnerships (optionally of one program): what evaluateTiers evaluates. */
export async function activePartnershipsOf(
  manager: EntityManager,
  vendorId: string,
  programId: string | null,
): Promise<{ id: string; partnerId: string }[]> {
  const rows: { id: string; partner_id: string }[] = await manager.query(
    `SELECT id, partner_id FROM partnerships
      WHERE vendor_id = $1 AND status = 'ACTIVE' AND ($2::uuid IS NULL OR program_id = $2::uuid)
      ORDER BY enrolled_at, id`,
    [vendorId, programId],
  );
  return rows.map((row) => ({ id: row.id, partnerId: row.partner_id }));
}

/**
 * These partnerships, locked for the rest of the transaction, when they are still the vendor's and ACTIVE (and of the
 * program); locked in id order, so concurrent evaluations wait for each other instead of deadlocking.
 */
export async function lockActivePartnerships(
  manager: EntityManager,
  ids: string[],
  vendorId: string,
  programId: string | null,
): Promise<Partnership[]> {
  const locked = await manager
    .getRepository(Partnership)
    .createQueryBuilder('p')
    .where(`p.id = ANY(:ids) AND p.vendor_id = :vendorId AND p.status = 'ACTIVE'`, { ids, vendorId })
    .andWhere(programId ? 'p.program_id = :programId' : 'TRUE', programId ? { programId } : {})
    .orderBy('p.id')
    .setLock('pessimistic_write')
    .getMany();
  const order = new Map(ids.map((id, index) => [id, index]));
  return locked.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** The tiers of these programs, highest rank first. */
export function tiersOfPrograms(manager: EntityManager, programIds: string[]): Promise<ProgramTier[]> {
  return manager
    .getRepository(ProgramTier)
    .createQueryBuilder('t')
    .where('t.program_id = ANY(:programIds)', { programIds })
    .orderBy('t.program_id')
    .addOrderBy('t.rank', 'DESC')
    .getMany();
}

/** Moves the partnership to the tier and records the change; answers when it was recorded. */
export async function recordTierChange(
  manager: EntityManager,
  partnership: Partnership,
  toTierId: string,
  reason: string,
  subject: string,
): Promise<Date> {
  await manager.query(`UPDATE partnerships SET tier_id = $2 WHERE id = $1`, [partnership.id, toTierId]);
  const [row]: { changed_at: Date }[] = await manager.query(
    `INSERT INTO partnership_tier_changes (partnership_id, from_tier_id, to_tier_id, reason, changed_by_subject, changed_at)
     VALUES ($1, $2, $3, $4, $5, date_trunc('milliseconds', now())) RETURNING changed_at`,
    [partnership.id, partnership.tierId, toTierId, reason, subject],
  );
  return row.changed_at;
}
