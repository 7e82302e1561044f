import type { DataSource, EntityManager } from 'typeorm';
import { countByKey, findPagesByKey, type Condition, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { ALL, findByIds } from '../../../common/repository';
import { SellThroughLine } from '../entities';

const repository = (dataSource: DataSource) => dataSource.getRepository(SellThroughLine);

/** Newest sales first. */
export const SELL_THROUGH_ORDER: KeysetOrder<SellThroughLine> = { column: 'sold_on', direction: 'DESC', value: (row) => row.soldOn, kind: 'date' };

export function findSellThroughLinesByIds(
  dataSource: DataSource,
  ids: readonly string[],
  where: Condition = ALL,
): Promise<(SellThroughLine | null)[]> {
  return findByIds(repository(dataSource), ids, where);
}

/** One page of each distributor's sell-through, in one statement. */
export function findSellThroughPagesByDistributor(
  dataSource: DataSource,
  distributorIds: readonly string[],
  args: PageArgs,
  where: Condition = ALL,
): Promise<SellThroughLine[][]> {
  return findPagesByKey(repository(dataSource), 'distributor_id', distributorIds, where, SELL_THROUGH_ORDER, args, (row) => row.distributorId);
}

export function countSellThroughByDistributor(dataSource: DataSource, distributorIds: readonly string[], where: Condition = ALL): Promise<number[]> {
  return countByKey(repository(dataSource), 'distributor_id', distributorIds, where);
}

/** The columns of a sell-through row as the statements below return them (dates and bigints as text), mapped by `toLine`. */
const LINE_COLUMNS =
  'id, distributor_id, partner_id, vendor_id, product_id, quantity, amount_minor::text AS amount_minor, currency, sold_on::text AS sold_on, external_reference, created_at';

interface LineRow {
  id: string;
  distributor_id: string;
  partner_id: string;
  vendor_id: string;
  product_id: string;
  quantity: number;
  amount_minor: string;
  currency: string;
  sold_on: string;
  external_reference: string;
  created_at: Date;
}

function toLine(row: LineRow): SellThroughLine {
  return Object.assign(new SellThroughLine(), {
    id: row.id,
    distributorId: row.distributor_id,
    partnerId: row.partner_id,
    vendorId: row.vendor_id,
    productId: row.product_id,
    quantity: row.quantity,
    amountMinor: row.amount_minor,
    currency: row.currency,
    soldOn: row.sold_on,
    externalReference: row.external_reference,
    createdAt: row.created_at,
  });
}

export interface NewSellThroughLine {
  partnerId: string;
  vendorId: string;
  productId: string;
  quantity: number;
  amountMinor: bigint;
  currency: string;
  soldOn: string;
  externalReference: string;
}

/**
 * Records a distributor's lines in one statement; a line whose external reference the distributor already reported
 * (earlier, or in a concurrent transaction that committed first) is skipped. Returns the rows inserted, in no particular order.
 */
export async function insertSellThroughLines(manager: EntityManager, distributorId: string, lines: NewSellThroughLine[]): Promise<SellThroughLine[]> {
  if (!lines.length) return [];
  const rows: LineRow[] = await manager.query(
    `INSERT INTO sell_through_lines (distributor_id, partner_id, vendor_id, product_id, quantity, amount_minor, currency, sold_on, external_reference)
     SELECT $1, partner_id, vendor_id, product_id, quantity, amount_minor, currency, sold_on, external_reference
     FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::bigint[], $7::text[], $8::date[], $9::text[])
       AS l(partner_id, vendor_id, product_id, quantity, amount_minor, currency, sold_on, external_reference)
     -- every writer takes the unique index's entries in the same order, so concurrent overlapping reports cannot deadlock
     ORDER BY external_reference
     ON CONFLICT (distributor_id, external_reference) DO NOTHING
     RETURNING ${LINE_COLUMNS}`,
    [
      distributorId,
      lines.map((line) => line.partnerId),
      lines.map((line) => line.vendorId),
      lines.map((line) => line.productId),
      lines.map((line) => line.quantity),
      lines.map((line) => line.amountMinor.toString()),
      lines.map((line) => line.currency),
      lines.map((line) => line.soldOn),
      lines.map((line) => line.externalReference),
    ],
  );
  return rows.map(toLine);
}

/** The distributor's recorded lines with these external references. */
export async function findSellThroughLinesByReferences(
  manager: EntityManager,
  distributorId: string,
  references: string[],
): Promise<SellThroughLine[]> {
  if (!references.length) return [];
  const rows: LineRow[] = await manager.query(
    `SELECT ${LINE_COLUMNS} FROM sell_through_lines WHERE distributor_id = $1 AND external_reference = ANY($2::text[])`,
    [distributorId, references],
  );
  return rows.map(toLine);
}
