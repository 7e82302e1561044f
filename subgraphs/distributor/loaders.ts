import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Identity } from '../../common/identity';
import { toConnection, type Connection, type KeysetOrder, type PageArgs } from '../../common/pagination';
import type { Distributor, NetworkMembership, SellThroughLine } from './entities';
import { findDistributorsByIds, findDistributorsByPartners, listDistributors } from './repositories/distributors';
import { EVERYTHING } from './repositories/keys';
import {
  countMembershipsByDistributor,
  findMembershipPagesByDistributor,
  findMembershipsByIds,
  findMembershipsByPartners,
  MEMBERSHIP_ORDER,
} from './repositories/network-memberships';
import { countSellThroughByDistributor, findSellThroughLinesByIds, findSellThroughPagesByDistributor, SELL_THROUGH_ORDER } from './repositories/sell-through';

/**
 * A nested connection for many parents: one DataLoader per distinct argument set (keyed by parent id, built on
 * findPagesByKey), and one lazy batched count per parent shared by every argument set.
 */
function connectionLoaders<T extends { id: string }>(
  fetchPages: (parentIds: readonly string[], args: PageArgs) => Promise<T[][]>,
  countAll: (parentIds: readonly string[]) => Promise<number[]>,
  order: KeysetOrder<T>,
): (args: PageArgs) => DataLoader<string, Connection<T>> {
  const counts = new DataLoader<string, number>((parentIds) => countAll(parentIds));
  const pages = new Map<string, DataLoader<string, Connection<T>>>();
  return (args) => {
    const normalized: PageArgs = { first: args.first ?? null, after: args.after ?? null };
    const key = JSON.stringify(normalized);
    let loader = pages.get(key);
    if (!loader) {
      loader = new DataLoader<string, Connection<T>>(async (parentIds) =>
        (await fetchPages(parentIds, normalized)).map((rows, i) => toConnection(rows, normalized, order, () => counts.load(parentIds[i]))),
      );
      pages.set(key, loader);
    }
    return loader;
  };
}

/** Request-scoped loaders: every reference and relation of the distributor subgraph goes through one of these. */
export function createLoaders(dataSource: DataSource, _identity: Identity) {
  // Row scoping by caller comes with the authorization issue: it will narrow these conditions from the identity.
  const distributorScope = EVERYTHING;
  const membershipScope = EVERYTHING;
  const sellThroughScope = EVERYTHING;

  const distributorById = new DataLoader<string, Distributor | null>((ids) => findDistributorsByIds(dataSource, ids, distributorScope));
  /** Rows a list already fetched need no second trip when a child asks for them by id. */
  const primeDistributors = (rows: Distributor[]) => {
    for (const row of rows) distributorById.prime(row.id, row);
    return rows;
  };

  return {
    distributorById,
    membershipById: new DataLoader<string, NetworkMembership | null>((ids) => findMembershipsByIds(dataSource, ids, membershipScope)),
    sellThroughLineById: new DataLoader<string, SellThroughLine | null>((ids) => findSellThroughLinesByIds(dataSource, ids, sellThroughScope)),
    /** Query.distributors: the whole (short) list, by name. */
    distributors: async () => primeDistributors(await listDistributors(dataSource, distributorScope)),
    /** Distributor.network(first, after), keyed by distributor id. */
    networkByDistributor: connectionLoaders<NetworkMembership>(
      (ids, args) => findMembershipPagesByDistributor(dataSource, ids, args, membershipScope),
      (ids) => countMembershipsByDistributor(dataSource, ids, membershipScope),
      MEMBERSHIP_ORDER,
    ),
    /** Distributor.sellThrough(first, after), keyed by distributor id. */
    sellThroughByDistributor: connectionLoaders<SellThroughLine>(
      (ids, args) => findSellThroughPagesByDistributor(dataSource, ids, args, sellThroughScope),
      (ids) => countSellThroughByDistributor(dataSource, ids, sellThroughScope),
      SELL_THROUGH_ORDER,
    ),
    /** Partner.networkMemberships, keyed by partner id. */
    membershipsByPartner: new DataLoader<string, NetworkMembership[]>((ids) => findMembershipsByPartners(dataSource, ids, membershipScope)),
    /** Partner.distributors, keyed by partner id. */
    distributorsByPartner: new DataLoader<string, Distributor[]>((ids) => findDistributorsByPartners(dataSource, ids, membershipScope, distributorScope)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
