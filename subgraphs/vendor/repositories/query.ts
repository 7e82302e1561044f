import type { ObjectLiteral, Repository } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { isUuid } from '../../../common/ids';

/** No restriction; the scoping issue replaces it with the caller's Condition. */
export const ALL: Condition = { sql: 'TRUE', params: {} };

/** A column of the table and its direction; the id is always appended as tie-breaker. */
export type Order = [column: string, direction?: 'ASC' | 'DESC'][];

/** Ids that cannot be uuids match no row; dropping them keeps PostgreSQL from rejecting the whole batch. */
export function uuidsOnly(keys: readonly string[]): string[] {
  return [...new Set(keys.filter(isUuid).map((key) => key.toLowerCase()))];
}

export function selectWhere<T extends ObjectLiteral>(repo: Repository<T>, where: Condition, order: Order) {
  let query = repo.createQueryBuilder('t').where(where.sql, where.params);
  for (const [column, direction = 'ASC'] of order) query = query.addOrderBy(`t.${column}`, direction);
  return query.addOrderBy('t.id', 'ASC');
}

/** All rows matching a condition, in the given order. */
export function findAll<T extends ObjectLiteral>(repo: Repository<T>, where: Condition, order: Order): Promise<T[]> {
  return selectWhere(repo, where, order).getMany();
}

/** Rows by id in one statement, returned in key order (null where no row matches). */
export async function findByIds<T extends ObjectLiteral & { id: string }>(repo: Repository<T>, ids: readonly string[], where: Condition = ALL): Promise<(T | null)[]> {
  const wanted = uuidsOnly(ids);
  const rows = wanted.length ? await selectWhere(repo, and({ sql: 'id = ANY(:ids)', params: { ids: wanted } }, where), []).getMany() : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
}

/** The children of many parents in one statement, grouped per key and returned in key order. */
export async function findGroupedBy<T extends ObjectLiteral>(
  repo: Repository<T>,
  keyColumn: string,
  keys: readonly string[],
  keyOf: (row: T) => string,
  order: Order,
  where: Condition = ALL,
): Promise<T[][]> {
  const wanted = uuidsOnly(keys);
  const rows = wanted.length ? await findAll(repo, and({ sql: `${keyColumn} = ANY(:keys)`, params: { keys: wanted } }, where), order) : [];
  const byKey = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = byKey.get(key);
    if (group) group.push(row);
    else byKey.set(key, [row]);
  }
  return keys.map((key) => byKey.get(key.toLowerCase()) ?? []);
}

/** An optional equality filter on a uuid column; a value that is not a uuid matches nothing. */
export function uuidFilter(column: string, value: string | null | undefined, param = column): Condition | undefined {
  if (value === null || value === undefined) return undefined;
  return isUuid(value) ? { sql: `${column} = :${param}`, params: { [param]: value.toLowerCase() } } : { sql: 'FALSE', params: {} };
}
