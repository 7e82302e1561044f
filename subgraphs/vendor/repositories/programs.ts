import type { DataSource, EntityManager } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { PartnerProgram, ProgramTier } from '../entities';
import { ALL, findAll, findByIds, findGroupedBy, uuidFilter } from '../../../common/repository';

const programs = (ds: DataSource) => ds.getRepository(PartnerProgram);
const tiers = (ds: DataSource) => ds.getRepository(ProgramTier);

export function listPrograms(ds: DataSource, filter: { vendorId?: string | null }, where: Condition = ALL): Promise<PartnerProgram[]> {
  return findAll(programs(ds), and(where, uuidFilter('vendor_id', filter.vendorId)), [['name']]);
}

export function programsByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(PartnerProgram | null)[]> {
  return findByIds(programs(ds), ids, where);
}

export function programsByVendorIds(ds: DataSource, vendorIds: readonly string[], where: Condition = ALL): Promise<PartnerProgram[][]> {
  return findGroupedBy(programs(ds), 'vendor_id', vendorIds, (p) => p.vendorId, [['name']], where);
}

export function tiersByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(ProgramTier | null)[]> {
  return findByIds(tiers(ds), ids, where);
}

/** Each program's tiers, lowest rank first. */
export function tiersByProgramIds(ds: DataSource, programIds: readonly string[], where: Condition = ALL): Promise<ProgramTier[][]> {
  return findGroupedBy(tiers(ds), 'program_id', programIds, (t) => t.programId, [['rank']], where);
}

// Writes and reads inside a mutation's transaction (the manager); rows of one vendor only.

export interface NewTier {
  name: string;
  rank: number;
  minRevenueMinor: bigint;
  minCertifications: number;
  minWonDeals: number;
  discountBps: number;
  rebateBps: number;
  mdfEligible: boolean;
}

/** The vendor's program, locked for the rest of the transaction; null when missing or another vendor's. */
export function lockProgram(manager: EntityManager, id: string, vendorId: string): Promise<PartnerProgram | null> {
  return manager
    .getRepository(PartnerProgram)
    .createQueryBuilder('p')
    .where('p.id = :id AND p.vendor_id = :vendorId', { id, vendorId })
    .setLock('pessimistic_write')
    .getOne();
}

/** The vendor's program (no lock); null when missing or another vendor's. */
export function ownProgram(manager: EntityManager, id: string, vendorId: string): Promise<PartnerProgram | null> {
  return manager.getRepository(PartnerProgram).findOne({ where: { id, vendorId } });
}

/** Another program of the vendor with this name, compared without case; null when the name is free. */
export async function programNamed(
  manager: EntityManager,
  vendorId: string,
  name: string,
  exceptId: string | null = null,
): Promise<{ id: string; name: string } | null> {
  const rows: { id: string; name: string }[] = await manager.query(
    `SELECT id, name FROM partner_programs WHERE vendor_id = $1 AND lower(name) = lower($2) AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [vendorId, name, exceptId],
  );
  return rows[0] ?? null;
}

export async function insertProgram(
  manager: EntityManager,
  program: { vendorId: string; name: string; description: string | null; protectionDays: number; currency: string },
  tierRows: NewTier[],
): Promise<string> {
  const [{ id }]: { id: string }[] = await manager.query(
    `INSERT INTO partner_programs (vendor_id, name, description, protection_days, currency) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [program.vendorId, program.name, program.description, program.protectionDays, program.currency],
  );
  for (const tier of tierRows) {
    await manager.query(
      `INSERT INTO program_tiers (program_id, name, rank, min_revenue_minor, min_certifications, min_won_deals, discount_bps, rebate_bps, mdf_eligible)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        tier.name,
        tier.rank,
        tier.minRevenueMinor.toString(),
        tier.minCertifications,
        tier.minWonDeals,
        tier.discountBps,
        tier.rebateBps,
        tier.mdfEligible,
      ],
    );
  }
  return id;
}

export async function updateProgramRow(
  manager: EntityManager,
  id: string,
  changes: { name?: string; description?: string | null; protectionDays?: number },
): Promise<void> {
  const set: Partial<PartnerProgram> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.description !== undefined) set.description = changes.description;
  if (changes.protectionDays !== undefined) set.protectionDays = changes.protectionDays;
  await manager.getRepository(PartnerProgram).update({ id }, set);
}

export function programById(manager: EntityManager, id: string): Promise<PartnerProgram> {
  return manager.getRepository(PartnerProgram).findOneOrFail({ where: { id } });
}

/** A tier of the program; null when it is not one of its tiers. */
export function tierOfProgram(manager: EntityManager, tierId: string, programId: string): Promise<ProgramTier | null> {
  return manager.getRepository(ProgramTier).findOne({ where: { id: tierId, programId } });
}

/** The program's tier of the given rank; null when it has none. */
export function tierOfRank(manager: EntityManager, programId: string, rank: number): Promise<ProgramTier | null> {
  return manager.getRepository(ProgramTier).findOne({ where: { programId, rank } });
}

/** The highest tier rank of the program, 0 when it has no tiers. */
export async function maxTierRank(manager: EntityManager, programId: string): Promise<number> {
  const [{ max }]: { max: number | null }[] = await manager.query(`SELECT max(rank) AS max FROM program_tiers WHERE program_id = $1`, [programId]);
  return max ?? 0;
}
