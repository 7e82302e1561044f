import type { DataSource, EntityManager } from 'typeorm';
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

// Writes and reads inside a mutation's transaction (the manager); rows of one vendor only.

/** Eligibility gates as stored: empty lists and nulls do not gate. */
export interface EligibilityColumns {
  minTierRank: number | null;
  regions: string[];
  countries: string[];
  partnerTypes: string[];
  minRevenueMinor: bigint | null;
  requiredCertifications: string[];
  productCategories: string[];
}

export interface NewIncentive extends EligibilityColumns {
  vendorId: string;
  programId: string | null;
  kind: string;
  audience: string;
  name: string;
  description: string | null;
  startsOn: string;
  endsOn: string | null;
  budgetMinor: bigint | null;
  currency: string;
}

const minor = (value: bigint | null) => (value === null ? null : value.toString());

export async function insertIncentive(manager: EntityManager, row: NewIncentive): Promise<string> {
  const [{ id }]: { id: string }[] = await manager.query(
    `INSERT INTO incentives (vendor_id, program_id, kind, audience, name, description, starts_on, ends_on, budget_minor, currency,
       min_tier_rank, regions, countries, partner_types, min_revenue_minor, required_certifications, product_categories)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
    [
      row.vendorId,
      row.programId,
      row.kind,
      row.audience,
      row.name,
      row.description,
      row.startsOn,
      row.endsOn,
      minor(row.budgetMinor),
      row.currency,
      row.minTierRank,
      row.regions,
      row.countries,
      row.partnerTypes,
      minor(row.minRevenueMinor),
      row.requiredCertifications,
      row.productCategories,
    ],
  );
  return id;
}

/** The vendor's incentive, locked for the rest of the transaction; null when missing or another vendor's. */
export function lockIncentive(manager: EntityManager, id: string, vendorId: string): Promise<Incentive | null> {
  return manager
    .getRepository(Incentive)
    .createQueryBuilder('i')
    .where('i.id = :id AND i.vendor_id = :vendorId', { id, vendorId })
    .setLock('pessimistic_write')
    .getOne();
}

export type IncentiveChanges = Partial<Pick<NewIncentive, 'name' | 'description' | 'endsOn' | 'budgetMinor'> & EligibilityColumns>;

const COLUMNS: Record<keyof IncentiveChanges, string> = {
  name: 'name',
  description: 'description',
  endsOn: 'ends_on',
  budgetMinor: 'budget_minor',
  minTierRank: 'min_tier_rank',
  regions: 'regions',
  countries: 'countries',
  partnerTypes: 'partner_types',
  minRevenueMinor: 'min_revenue_minor',
  requiredCertifications: 'required_certifications',
  productCategories: 'product_categories',
};

export async function updateIncentiveRow(manager: EntityManager, id: string, changes: IncentiveChanges): Promise<void> {
  const entries = (Object.keys(changes) as (keyof IncentiveChanges)[]).filter((key) => changes[key] !== undefined);
  if (!entries.length) return;
  const values = entries.map((key) => {
    const value = changes[key];
    return typeof value === 'bigint' ? value.toString() : value;
  });
  await manager.query(`UPDATE incentives SET ${entries.map((key, index) => `${COLUMNS[key]} = $${index + 2}`).join(', ')} WHERE id = $1`, [
    id,
    ...values,
  ]);
}

export function incentiveById(manager: EntityManager, id: string): Promise<Incentive> {
  return manager.getRepository(Incentive).findOneOrFail({ where: { id } });
}
