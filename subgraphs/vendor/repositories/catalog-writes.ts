import type { EntityManager } from 'typeorm';
import { DirectAccount, EngagementRule, Product } from '../entities';

/**
 * The statements of the vendor's catalog and rules of engagement mutations: each runs in the mutation's transaction
 * and names the vendor in its WHERE, so another vendor's row is never read or changed (it is simply not found).
 */

/** Serializes one vendor's catalog writes (the caps below count, then insert). */
export async function lockVendor(manager: EntityManager, vendorId: string): Promise<void> {
  await manager.query(`SELECT 1 FROM vendors WHERE id = $1 FOR UPDATE`, [vendorId]);
}

export type CountedTable = 'products' | 'direct_accounts' | 'engagement_rules';
const OPEN: Record<CountedTable, string> = {
  products: 'retired_at IS NULL',
  direct_accounts: 'ended_at IS NULL',
  engagement_rules: 'retired_at IS NULL',
};

/** How many rows the vendor has in the table: all of them, and those still open (not retired or ended). */
export async function countOf(manager: EntityManager, table: CountedTable, vendorId: string): Promise<{ open: number; all: number }> {
  const [row]: { open: number; all: number }[] = await manager.query(
    `SELECT count(*) FILTER (WHERE ${OPEN[table]})::int AS open, count(*)::int AS all FROM ${table} WHERE vendor_id = $1`,
    [vendorId],
  );
  return row;
}

const locked = <T extends object>(manager: EntityManager, entity: new () => T, id: string, vendorId: string) =>
  manager
    .getRepository(entity)
    .createQueryBuilder('t')
    .where('t.id = :id AND t.vendor_id = :vendorId', { id, vendorId })
    .setLock('pessimistic_write')
    .getOne();

export const lockProduct = (manager: EntityManager, id: string, vendorId: string) => locked(manager, Product, id, vendorId);
export const lockDirectAccount = (manager: EntityManager, id: string, vendorId: string) => locked(manager, DirectAccount, id, vendorId);
export const lockEngagementRule = (manager: EntityManager, id: string, vendorId: string) => locked(manager, EngagementRule, id, vendorId);

/** Another product of the vendor with this SKU, compared without case (retired ones included: a SKU is never reused). */
export async function productWithSku(manager: EntityManager, vendorId: string, sku: string): Promise<{ id: string; sku: string } | null> {
  const rows: { id: string; sku: string }[] = await manager.query(`SELECT id, sku FROM products WHERE vendor_id = $1 AND lower(sku) = lower($2)`, [
    vendorId,
    sku,
  ]);
  return rows[0] ?? null;
}

/** The vendor's open direct account with this domain other than `exceptId`, or null. */
export async function openAccountWithDomain(
  manager: EntityManager,
  vendorId: string,
  domain: string,
  exceptId: string | null = null,
): Promise<{ id: string; customerName: string } | null> {
  const rows: { id: string; customer_name: string }[] = await manager.query(
    `SELECT id, customer_name FROM direct_accounts WHERE vendor_id = $1 AND domain = $2 AND ended_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [vendorId, domain, exceptId],
  );
  return rows[0] ? { id: rows[0].id, customerName: rows[0].customer_name } : null;
}

/** The vendor's active rule with this name (without case) other than `exceptId`, or null. */
export async function activeRuleNamed(
  manager: EntityManager,
  vendorId: string,
  name: string,
  exceptId: string | null = null,
): Promise<{ id: string; name: string } | null> {
  const rows: { id: string; name: string }[] = await manager.query(
    `SELECT id, name FROM engagement_rules WHERE vendor_id = $1 AND lower(name) = lower($2) AND retired_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [vendorId, name, exceptId],
  );
  return rows[0] ?? null;
}

/** Inserts a row and reads it back (defaults and timestamps as stored). */
export async function insertRow<T extends { id: string }>(manager: EntityManager, entity: new () => T, values: Partial<T>): Promise<T> {
  const repo = manager.getRepository(entity);
  const result = await repo.insert(values as never);
  const id = (result.identifiers[0] as { id: string }).id;
  return (await repo.findOne({ where: { id } as never }))!;
}

/** Updates a row the transaction holds locked and reads it back. */
export async function updateRow<T extends { id: string }>(manager: EntityManager, entity: new () => T, id: string, values: Partial<T>): Promise<T> {
  const repo = manager.getRepository(entity);
  await repo.update(id, values as never);
  return (await repo.findOne({ where: { id } as never }))!;
}

/** The transaction's time, as stored (milliseconds), for retired_at / ended_at. */
export async function transactionNow(manager: EntityManager): Promise<Date> {
  const [row]: { now: Date }[] = await manager.query(`SELECT date_trunc('milliseconds', now()) AS now`);
  return row.now;
}
