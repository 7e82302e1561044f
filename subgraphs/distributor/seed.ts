import type { DataSource, EntityManager } from 'typeorm';
import { demoEcosystem } from '../../common/demo/catalog';

const CHUNK = 500;

/** Multi-row, parameterised INSERTs of ~500 rows; rows whose id exists are skipped. Returns how many were inserted. */
async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
    const result: { id: string }[] = await manager.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`,
      params,
    );
    inserted += result.length;
  }
  return inserted;
}

/** Inserts the distributor subgraph's part of the demo ecosystem in one transaction; a second run inserts nothing. */
export async function seed(dataSource: DataSource): Promise<Record<string, number>> {
  const demo = demoEcosystem();
  return dataSource.transaction(async (manager) => ({
    distributors: await insertRows(
      manager,
      'distributors',
      ['id', 'slug', 'name', 'region', 'countries'],
      demo.distributors.map((d) => [d.id, d.slug, d.name, d.region, d.countries]),
    ),
    network_memberships: await insertRows(
      manager,
      'network_memberships',
      ['id', 'distributor_id', 'partner_id', 'vendor_id', 'credit_limit_minor', 'currency', 'payment_terms_days', 'status', 'joined_at'],
      demo.memberships.map((m) => [m.id, m.distributorId, m.partnerId, m.vendorId, m.creditLimitMinor, m.currency, m.paymentTermsDays, 'ACTIVE', m.joinedAt]),
    ),
    sell_through_lines: await insertRows(
      manager,
      'sell_through_lines',
      ['id', 'distributor_id', 'partner_id', 'vendor_id', 'product_id', 'quantity', 'amount_minor', 'currency', 'sold_on', 'external_reference'],
      demo.sellThrough.map((s) => [s.id, s.distributorId, s.partnerId, s.vendorId, s.productId, s.quantity, s.amountMinor, s.currency, s.soldOn, s.externalReference]),
    ),
  }));
}
