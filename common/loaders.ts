import DataLoader from 'dataloader';
import { decodeCursor, pageSize, toConnection, type Connection, type KeysetOrder, type PageArgs } from './pagination';
import { normalizeId } from './ids';

/** The arguments of a connection under a parent: a page and, for lists that have one, a filter. */
export interface ChildPageArgs<F = never> extends PageArgs {
  filter?: F | null;
}

/** The value stored under `key`, created on first use. */
export function memo<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/** A by-id DataLoader whose keys are normalized (trimmed, lower case), so an id written in upper case finds its row. */
export function byId<T>(fetch: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T> {
  return new DataLoader<string, T>((keys) => fetch(keys.map(normalizeId)), { cacheKeyFn: normalizeId });
}

/** Primes a by-id loader with the rows a list already fetched, so a later reference to one needs no second trip. */
export async function primed<T extends { id: string }>(loader: DataLoader<string, T | null>, rows: T[] | Promise<T[]>): Promise<T[]> {
  const list = await rows;
  for (const row of list) loader.prime(row.id, row);
  return list;
}

/**
 * A connection under each of many parents (e.g. Partner.deals for every partner of a list): one
 * DataLoader per distinct argument set, so all parents asking the same page share one statement, and
 * a lazily created count loader per filter, so totalCount costs one more statement only when asked.
 */
export class ChildConnections<T extends { id: string }, F = never> {
  private readonly pages = new Map<string, DataLoader<string, T[]>>();
  private readonly counts = new Map<string, DataLoader<string, number>>();

  constructor(
    private readonly order: KeysetOrder<T>,
    private readonly fetchPages: (keys: readonly string[], args: ChildPageArgs<F>) => Promise<T[][]>,
    private readonly fetchCounts: (keys: readonly string[], filter: F | null) => Promise<number[]>,
  ) {}

  async load(parentId: string, args: ChildPageArgs<F>): Promise<Connection<T>> {
    // validate before batching, so a bad argument fails only the field that carries it, with its own message
    pageSize(args.first);
    if (args.after) decodeCursor(args.after, this.order.kind);
    const normalized: ChildPageArgs<F> = { filter: args.filter ?? null, first: args.first ?? null, after: args.after ?? null };
    const key = normalizeId(parentId);
    const rows = await memo(
      this.pages,
      JSON.stringify(normalized),
      () => new DataLoader<string, T[]>((keys) => this.fetchPages(keys, normalized)),
    ).load(key);
    const countKey = JSON.stringify(normalized.filter);
    return toConnection(rows, normalized, this.order, () =>
      memo(this.counts, countKey, () => new DataLoader<string, number>((keys) => this.fetchCounts(keys, normalized.filter ?? null))).load(key),
    );
  }
}
