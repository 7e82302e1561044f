import type { DataSource } from 'typeorm';
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
