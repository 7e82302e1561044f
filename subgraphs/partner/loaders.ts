import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Identity } from '../../common/identity';
import { pageSize, toConnection, type Connection, type KeysetOrder, type PageArgs } from '../../common/pagination';
import type { Certification } from './entities/certification';
import type { Deal } from './entities/deal';
import type { DealEvent } from './entities/deal-event';
import type { DealLine } from './entities/deal-line';
import type { Partner } from './entities/partner';
import { CertificationRepository } from './repositories/certifications';
import { DealEventRepository, DEAL_EVENT_ORDER } from './repositories/deal-events';
import { DealLineRepository } from './repositories/deal-lines';
import { DEAL_ORDER, DealRepository, type DealFilter, type DealOwner } from './repositories/deals';
import { PartnerRepository, type PartnerFilter } from './repositories/partners';
import { checkCursor, normalizeId } from './repositories/support';

export interface ChildPageArgs<F> extends PageArgs {
  filter?: F | null;
}

/**
 * A connection under each of many parents (e.g. Partner.deals for every partner of a list): one
 * DataLoader per distinct argument set, so all parents asking the same page share one statement, and
 * a lazily created count loader per filter, so totalCount costs one more statement only when asked.
 */
export class ChildConnections<T extends { id: string }, F> {
  private readonly pages = new Map<string, DataLoader<string, T[]>>();
  private readonly counts = new Map<string, DataLoader<string, number>>();

  constructor(
    private readonly order: KeysetOrder<T>,
    private readonly cursorValue: 'timestamp' | 'text',
    private readonly fetchPages: (keys: readonly string[], args: ChildPageArgs<F>) => Promise<T[][]>,
    private readonly fetchCounts: (keys: readonly string[], filter: F | null) => Promise<number[]>,
  ) {}

  async load(parentId: string, args: ChildPageArgs<F>): Promise<Connection<T>> {
    // validate before batching, so a bad argument fails only the field that carries it, with its own message
    pageSize(args.first);
    checkCursor(args.after, this.cursorValue);
    const normalized: ChildPageArgs<F> = { filter: args.filter ?? null, first: args.first ?? null, after: args.after ?? null };
    const key = normalizeId(parentId);
    const rows = await memo(this.pages, JSON.stringify(normalized), () => new DataLoader<string, T[]>((keys) => this.fetchPages(keys, normalized))).load(key);
    const countKey = JSON.stringify(normalized.filter);
    return toConnection(rows, normalized, this.order, () =>
      memo(this.counts, countKey, () => new DataLoader<string, number>((keys) => this.fetchCounts(keys, normalized.filter ?? null))).load(key),
    );
  }
}

function memo<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/** A by-id DataLoader whose keys are normalized, so an id written in upper case finds its row. */
function byId<T>(fetch: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T> {
  return new DataLoader<string, T>((keys) => fetch(keys.map(normalizeId)), { cacheKeyFn: normalizeId });
}

/**
 * Request-scoped loaders. Every reference and relation goes through one of them, so a list of N
 * parents costs a fixed number of statements. The identity is here for row scoping (a later step).
 */
export function createLoaders(dataSource: DataSource, identity: Identity) {
  void identity;
  const partners = new PartnerRepository(dataSource);
  const certifications = new CertificationRepository(dataSource);
  const deals = new DealRepository(dataSource);
  const dealLines = new DealLineRepository(dataSource);
  const dealEvents = new DealEventRepository(dataSource);

  const dealsOf = (owner: DealOwner) =>
    new ChildConnections<Deal, DealFilter>(
      DEAL_ORDER,
      'timestamp',
      (keys, args) => deals.findPagesByOwner(owner, keys, args.filter, args),
      (keys, filter) => deals.countByOwner(owner, keys, filter),
    );

  return {
    /** Root lists: one page, one statement (plus one for totalCount when asked). */
    partnerPage: (filter: PartnerFilter | null | undefined, args: PageArgs) => partners.list(filter, args),
    dealPage: (filter: DealFilter | null | undefined, args: PageArgs) => deals.list(filter, args),

    partnerById: byId<Partner | null>((ids) => partners.findByIds(ids)),
    certificationById: byId<Certification | null>((ids) => certifications.findByIds(ids)),
    certificationsByPartnerId: byId<Certification[]>((ids) => certifications.findByPartnerIds(ids)),
    dealById: byId<Deal | null>((ids) => deals.findByIds(ids)),
    dealLinesByDealId: byId<DealLine[]>((ids) => dealLines.findByDealIds(ids)),

    dealsByPartner: dealsOf('partner'),
    dealsByVendor: dealsOf('vendor'),
    dealsByDistributor: dealsOf('distributor'),
    historyByDeal: new ChildConnections<DealEvent, never>(
      DEAL_EVENT_ORDER,
      'timestamp',
      (keys, args) => dealEvents.findPagesByDealIds(keys, args),
      (keys) => dealEvents.countByDealIds(keys),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
