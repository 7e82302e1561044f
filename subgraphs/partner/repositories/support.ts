import { BadUserInputError } from '../../../common/errors';
import { isUuid } from '../../../common/ids';
import { decodeCursor } from '../../../common/pagination';

/** Ids as stored: PostgreSQL prints uuids in lower case, and batch results are matched by that text. */
export function normalizeId(id: string): string {
  return id.trim().toLowerCase();
}

/**
 * Runs a batch lookup for the keys that can exist (uuids) and answers `empty()` for the others without
 * sending them to PostgreSQL, where a malformed uuid would fail the whole batch. Results are in key order.
 */
export async function forUuidKeys<R>(keys: readonly string[], empty: () => R, fetch: (ids: string[]) => Promise<R[]>): Promise<R[]> {
  const ids = [...new Set(keys.filter(isUuid))];
  const found = ids.length ? await fetch(ids) : [];
  const byId = new Map(ids.map((id, index) => [id, found[index]]));
  return keys.map((key) => (byId.has(key) ? byId.get(key)! : empty()));
}

/** Indexes rows by id and answers them in key order (null when absent). */
export function inKeyOrder<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Groups rows by a key and answers the groups in key order (empty list when absent). */
export function groupInKeyOrder<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * Checks an `after` cursor before it reaches SQL: a cursor of another list (or a forged one) would
 * otherwise fail inside PostgreSQL with a type error instead of a BAD_USER_INPUT.
 */
export function checkCursor(after: string | null | undefined, value: 'timestamp' | 'text'): void {
  if (!after) return;
  const [sortValue, id] = decodeCursor(after);
  const valid = typeof sortValue === 'string' && isUuid(id) && (value === 'text' || !Number.isNaN(Date.parse(sortValue)));
  if (!valid) throw new BadUserInputError('after', 'is not a cursor returned by this list.');
}

/** An id argument used as a filter: a value that is not an id is the caller's mistake. */
export function filterId(field: string, id: string | null | undefined): string | undefined {
  if (id === null || id === undefined) return undefined;
  const normalized = normalizeId(id);
  if (!isUuid(normalized)) throw new BadUserInputError(field, `"${id}" is not an id.`);
  return normalized;
}
