import type { DataSource, EntityManager, ObjectLiteral, Repository } from 'typeorm';
import { BadUserInputError } from './errors';
import { isUuid, normalizeId } from './ids';
import { and, type Condition } from './pagination';

/** No restriction: the scope every query takes until row scoping narrows it with the caller's Condition. */
export const ALL: Condition = { sql: 'TRUE', params: {} };

/** Runs SQL written with named parameters (:name, as Conditions are) on a DataSource, or in a transaction on its EntityManager. */
export function queryNamed<T>(db: DataSource | EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const driver = 'driver' in db ? db.driver : db.dataSource.driver;
  const [text, values] = driver.escapeQueryWithParameters(sql, params);
  return db.query(text, values);
}

/** Columns of the table and their directions; the id is appended (ascending) as tie-breaker unless the order names it. */
export type Order = [column: string, direction?: 'ASC' | 'DESC'][];

/** Ids PostgreSQL can compare with a uuid column (anything else matches no row and would fail the whole batch), lower-cased and distinct. */
export function uuidKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.filter(isUuid).map((key) => key.toLowerCase()))];
}

/**
 * Runs a batch lookup for the keys that can exist (uuids) and answers `empty()` for the others without
 * sending them to PostgreSQL. `fetch` answers in the order of the ids it is given; results are in key order.
 */
export async function forUuidKeys<R>(keys: readonly string[], empty: () => R, fetch: (ids: string[]) => Promise<R[]>): Promise<R[]> {
  const ids = uuidKeys(keys);
  const found = ids.length ? await fetch(ids) : [];
  const byId = new Map(ids.map((id, index) => [id, found[index]]));
  return keys.map((key) => {
    const id = key.toLowerCase();
    return byId.has(id) ? byId.get(id)! : empty();
  });
}

function selectWhere<T extends ObjectLiteral>(repo: Repository<T>, where: Condition, order: Order) {
  const condition = and(where);
  let query = repo.createQueryBuilder('t').where(condition.sql, condition.params);
  for (const [column, direction = 'ASC'] of order) query = query.addOrderBy(`t.${column}`, direction);
  return order.some(([column]) => column === 'id') ? query : query.addOrderBy('t.id', 'ASC');
}

export function findAll<T extends ObjectLiteral>(repo: Repository<T>, where: Condition, order: Order): Promise<T[]> {
  return selectWhere(repo, where, order).getMany();
}

/** Rows by id in one statement, in key order; null for ids that do not exist or lie outside `where`. */
export async function findByIds<T extends ObjectLiteral & { id: string }>(
  repo: Repository<T>,
  ids: readonly string[],
  where: Condition = ALL,
): Promise<(T | null)[]> {
  const { idsIn } = where;
  const wanted = idsIn ? uuidKeys(ids).filter((id) => idsIn.has(id)) : uuidKeys(ids);
  const rows = wanted.length ? await findAll(repo, and({ sql: 'id = ANY(:ids)', params: { ids: wanted } }, idsIn ? ALL : where), []) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
}

/** The children of many parents in one statement, grouped per key (keeping `order`) and returned in key order. */
export async function findGroupedBy<T extends ObjectLiteral>(
  repo: Repository<T>,
  keyColumn: string,
  keys: readonly string[],
  keyOf: (row: T) => string,
  order: Order,
  where: Condition = ALL,
): Promise<T[][]> {
  const wanted = uuidKeys(keys);
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

/** An id argument used as a filter where a value that is not an id is the caller's mistake (BAD_USER_INPUT naming `field`). */
export function filterId(field: string, id: string | null | undefined): string | undefined {
  if (id === null || id === undefined) return undefined;
  const normalized = normalizeId(id);
  if (!isUuid(normalized)) throw new BadUserInputError(field, `"${id}" is not an id.`);
  return normalized;
}
