import { IsNull, type DataSource } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { DirectAccount, DistributionAgreement } from '../entities';
import { ALL, findByIds, findGroupedBy } from '../../../common/repository';

const agreements = (ds: DataSource) => ds.getRepository(DistributionAgreement);
const directAccounts = (ds: DataSource) => ds.getRepository(DirectAccount);

export function agreementsByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(DistributionAgreement | null)[]> {
  return findByIds(agreements(ds), ids, where);
}

/** Each vendor's distribution agreements, oldest first. */
export function agreementsByVendorIds(ds: DataSource, vendorIds: readonly string[], where: Condition = ALL): Promise<DistributionAgreement[][]> {
  return findGroupedBy(agreements(ds), 'vendor_id', vendorIds, (a) => a.vendorId, [['started_on']], where);
}

/** Each distributor's agreements with vendors, oldest first. */
export function agreementsByDistributorIds(
  ds: DataSource,
  distributorIds: readonly string[],
  where: Condition = ALL,
): Promise<DistributionAgreement[][]> {
  return findGroupedBy(agreements(ds), 'distributor_id', distributorIds, (a) => a.distributorId, [['started_on']], where);
}

export function directAccountsByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(DirectAccount | null)[]> {
  return findByIds(directAccounts(ds), ids, where);
}

/** Each vendor's named direct accounts, by customer name; ended ones only with `includeEnded`. */
export function directAccountsByVendorIds(
  ds: DataSource,
  vendorIds: readonly string[],
  where: Condition = ALL,
  includeEnded = false,
): Promise<DirectAccount[][]> {
  const open: Condition | false = !includeEnded && { sql: 'ended_at IS NULL', params: {} };
  return findGroupedBy(directAccounts(ds), 'vendor_id', vendorIds, (a) => a.vendorId, [['customer_name']], and(where, open));
}

/** Whether the distributor carries the vendor under an active agreement; ids must be uuids. */
export async function carries(ds: DataSource, vendorId: string, distributorId: string): Promise<boolean> {
  const rows: unknown[] = await ds.query(`SELECT 1 FROM distribution_agreements WHERE vendor_id = $1 AND distributor_id = $2 AND active`, [
    vendorId,
    distributorId,
  ]);
  return rows.length > 0;
}

/** The vendor's named direct account for a normalized domain that has not ended, or null. */
export async function directAccountByDomain(ds: DataSource, vendorId: string, domain: string): Promise<DirectAccount | null> {
  return directAccounts(ds).findOne({ where: { vendorId, domain, endedAt: IsNull() } });
}
