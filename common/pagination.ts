import type { ObjectLiteral, Repository } from 'typeorm';
import { BadUserInputError } from './errors';
import { isUuid } from './ids';
import { isCalendarDate, isTimestamp } from './scalars';

export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved only when the query asks for it. */
  totalCount: () => Promise<number>;
}

/** How a list is ordered: one column plus the id as tie-breaker, which makes the order total. */
export interface KeysetOrder<T> {
  column: string;
  direction: 'ASC' | 'DESC';
  value: (row: T) => unknown;
  /** The column's kind, so a cursor's value is checked before it reaches SQL. Required: a list that forgets it would let a forged cursor fail inside PostgreSQL. */
  kind: CursorValueKind;
}

export type CursorValueKind = 'timestamp' | 'date' | 'text' | 'integer';

const CURSOR_VALUE_CHECKS: Record<CursorValueKind, (value: unknown) => boolean> = {
  // the ISO form encodeCursor writes for a Date: a looser test (Date.parse alone) lets e.g. "1" through, which PostgreSQL refuses
  timestamp: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) && isTimestamp(value),
  date: (value) => typeof value === 'string' && isCalendarDate(value),
  // PostgreSQL's text cannot hold NUL: no row has it, and the driver would fail on it.
  text: (value) => typeof value === 'string' && !value.includes('\u0000'),
  integer: (value) => Number.isInteger(value),
};

/** SQL on the table's own column names with named parameters, e.g. { sql: 'status = ANY(:status)', params }. */
export interface Condition {
  sql: string;
  params: Record<string, unknown>;
  /**
   * Set when the condition is exactly "id is one of these" (ids as stored): a lookup by id can then intersect in memory
   * instead of sending a long id list to PostgreSQL with every statement (findByIds).
   */
  idsIn?: ReadonlySet<string>;
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new BadUserInputError('first', `must be between 0 and ${MAX_PAGE_SIZE}, got ${size}.`);
  }
  return size;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * Whether a cursor could have come from some list, whichever order it has (the gateway cannot know it; the subgraph
 * checks the kind): [value, id] with a UUID id, a value that is text without NUL, an integer, or a date or timestamp
 * that exists when it is written as one.
 */
export function isWellFormedCursor(cursor: string): boolean {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(values) || values.length !== 2 || typeof values[1] !== 'string' || !isUuid(values[1])) return false;
  const [value] = values;
  if (Number.isSafeInteger(value)) return true;
  if (typeof value !== 'string' || value.includes('\u0000')) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isCalendarDate(value);
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return isTimestamp(value);
  return true;
}

export function decodeCursor(cursor: string, kind: CursorValueKind = 'text'): [unknown, string] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === 2 && typeof values[1] === 'string' && isUuid(values[1]) && CURSOR_VALUE_CHECKS[kind](values[0])) {
      return values as [unknown, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError('after', 'is not a cursor returned by this list.');
}

function cursorValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

export function and(...conditions: (Condition | undefined | false)[]): Condition {
  const present = conditions.filter((c): c is Condition => Boolean(c) && (c as Condition).sql !== '');
  return {
    sql: present.map((c) => `(${c.sql})`).join(' AND ') || 'TRUE',
    params: Object.assign({}, ...present.map((c) => c.params)),
  };
}

function afterCondition<T>(order: KeysetOrder<T>, after: string | null | undefined): Condition | undefined {
  if (!after) return undefined;
  const [value, id] = decodeCursor(after, order.kind);
  const comparison = order.direction === 'DESC' ? '<' : '>';
  return { sql: `(${order.column}, id) ${comparison} (:afterValue, :afterId)`, params: { afterValue: value, afterId: id } };
}

function connection<T extends { id: string }>(rows: T[], size: number, order: KeysetOrder<T>, totalCount: () => Promise<number>): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor([cursorValue(order.value(node)), node.id]), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

/** One page of a root list, keyset-paginated. */
export async function findPage<T extends ObjectLiteral & { id: string }>(
  repo: Repository<T>,
  where: Condition,
  order: KeysetOrder<T>,
  args: PageArgs,
): Promise<Connection<T>> {
  const size = pageSize(args.first);
  const condition = and(where, afterCondition(order, args.after));
  const rows = await repo
    .createQueryBuilder('t')
    .where(condition.sql, condition.params)
    .orderBy(`t.${order.column}`, order.direction)
    .addOrderBy('t.id', order.direction)
    .limit(size + 1)
    .getMany();
  return connection(rows, size, order, () => repo.createQueryBuilder('t').where(where.sql, where.params).getCount());
}

/**
 * The same page for many parents in one statement (a window function ranks each parent's rows),
 * so a list of N parents costs one query, not N.
 */
export async function findPagesByKey<T extends ObjectLiteral & { id: string }>(
  repo: Repository<T>,
  keyColumn: string,
  keys: readonly string[],
  where: Condition,
  order: KeysetOrder<T>,
  args: PageArgs,
  keyOf: (row: T) => string,
): Promise<T[][]> {
  const size = pageSize(args.first);
  const condition = and({ sql: `${keyColumn} = ANY(:keys)`, params: { keys } }, where, afterCondition(order, args.after));
  const table = repo.metadata.tablePath;
  const ranked =
    `t.id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY ${keyColumn} ORDER BY ${order.column} ${order.direction}, id ${order.direction}) AS rn ` +
    `FROM ${table} WHERE ${condition.sql}) ranked WHERE rn <= :pageLimit)`;
  const rows =
    size === 0
      ? []
      : await repo
          .createQueryBuilder('t')
          .where(ranked, { ...condition.params, pageLimit: size + 1 })
          .orderBy(`t.${order.column}`, order.direction)
          .addOrderBy('t.id', order.direction)
          .getMany();
  const byKey = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((key) => byKey.get(key) ?? []);
}

export async function countByKey<T extends ObjectLiteral>(
  repo: Repository<T>,
  keyColumn: string,
  keys: readonly string[],
  where: Condition,
): Promise<number[]> {
  const condition = and({ sql: `${keyColumn} = ANY(:keys)`, params: { keys } }, where);
  const rows: { key: string; count: string }[] = await repo
    .createQueryBuilder('t')
    .select(`t.${keyColumn}`, 'key')
    .addSelect('count(*)', 'count')
    .where(condition.sql, condition.params)
    .groupBy(`t.${keyColumn}`)
    .getRawMany();
  const counts = new Map(rows.map((row) => [row.key, Number(row.count)]));
  return keys.map((key) => counts.get(key) ?? 0);
}

export function toConnection<T extends { id: string }>(
  rows: T[],
  args: PageArgs,
  order: KeysetOrder<T>,
  totalCount: () => Promise<number>,
): Connection<T> {
  return connection(rows, pageSize(args.first), order, totalCount);
}
