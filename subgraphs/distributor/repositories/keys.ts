import type { ObjectLiteral, Repository } from 'typeorm';
import { isUuid } from '../../../common/ids';
import { and, type Condition } from '../../../common/pagination';

/** No restriction: the scope every query takes until row scoping narrows it per caller. */
export const EVERYTHING: Condition = { sql: '', params: {} };

/** Ids PostgreSQL can compare with a uuid column (anything else matches no row), lower-cased as PostgreSQL prints them. */
export function uuidKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.filter(isUuid).map((key) => key.toLowerCase()))];
}

/** Rows by id in one statement, in key order; null for ids that do not exist or lie outside `where`. */
export async function findByIds<T extends ObjectLiteral & { id: string }>(repo: Repository<T>, ids: readonly string[], where: Condition): Promise<(T | null)[]> {
  const valid = uuidKeys(ids);
  if (!valid.length) return ids.map(() => null);
  const condition = and({ sql: 'id = ANY(:ids)', params: { ids: valid } }, where);
  const rows = await repo.createQueryBuilder('t').where(condition.sql, condition.params).getMany();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
}

/** Groups rows under their key, in key order, keeping the rows' order. */
export function groupByKey<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key.toLowerCase()) ?? []);
}
