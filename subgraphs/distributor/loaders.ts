import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Condition } from '../../common/pagination';
import type { Caller } from '../../common/scope';
import { ChildConnections, primed } from '../../common/loaders';
import type { Distributor, NetworkMembership, SellThroughLine } from './entities';
import { findDistributorsByIds, findDistributorsByPartners, listDistributors } from './repositories/distributors';
import {
  countMembershipsByDistributor,
  findMembershipPagesByDistributor,
  findMembershipsByIds,
  findMembershipsByPartners,
  MEMBERSHIP_ORDER,
} from './repositories/network-memberships';
import {
  countSellThroughByDistributor,
  findSellThroughLinesByIds,
  findSellThroughPagesByDistributor,
  SELL_THROUGH_ORDER,
} from './repositories/sell-through';
import { distributorScope, membershipScope, sellThroughScope } from './scope';
import { managedPartnerIdsOf } from '../../common/members/partner-managers';
import { changesOf, type ChangeEvent } from '../../common/audit';

/** Computed on first use and shared by the rest of the request: peers are asked for facts only when a query needs them. */
function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= compute());
}

/** Request-scoped loaders: every reference and relation of the distributor subgraph goes through one of these, scoped to the caller in SQL. */
export async function createLoaders(dataSource: DataSource, caller: Caller) {
  const distributors = once<Condition>(() => distributorScope(caller));
  // a vendor's partner manager reads its own partners' memberships and sell-through only (asked of the vendor first)
  const narrowing = await managedPartnerIdsOf(caller);
  const memberships = membershipScope(caller.identity, narrowing);
  const sellThrough = sellThroughScope(caller.identity, narrowing);

  const distributorById = new DataLoader<string, Distributor | null>(async (ids) => findDistributorsByIds(dataSource, ids, await distributors()));

  return {
    distributorById,
    membershipById: new DataLoader<string, NetworkMembership | null>((ids) => findMembershipsByIds(dataSource, ids, memberships)),
    sellThroughLineById: new DataLoader<string, SellThroughLine | null>((ids) => findSellThroughLinesByIds(dataSource, ids, sellThrough)),
    /** Query.distributors: the whole (short) list, by name; its rows prime distributorById. */
    distributors: async () => primed(distributorById, listDistributors(dataSource, await distributors())),
    /** Distributor.network(first, after), keyed by distributor id. */
    networkByDistributor: new ChildConnections<NetworkMembership>(
      MEMBERSHIP_ORDER,
      (ids, args) => findMembershipPagesByDistributor(dataSource, ids, args, memberships),
      (ids) => countMembershipsByDistributor(dataSource, ids, memberships),
    ),
    /** Distributor.sellThrough(first, after), keyed by distributor id. */
    sellThroughByDistributor: new ChildConnections<SellThroughLine>(
      SELL_THROUGH_ORDER,
      (ids, args) => findSellThroughPagesByDistributor(dataSource, ids, args, sellThrough),
      (ids) => countSellThroughByDistributor(dataSource, ids, sellThrough),
    ),
    /** Partner.networkMemberships, keyed by partner id. */
    membershipsByPartner: new DataLoader<string, NetworkMembership[]>((ids) => findMembershipsByPartners(dataSource, ids, memberships)),
    /** Partner.distributors, keyed by partner id: the partner's memberships in the caller's scope, and distributors in it. */
    distributorsByPartner: new DataLoader<string, Distributor[]>(async (ids) =>
      findDistributorsByPartners(dataSource, ids, memberships, await distributors()),
    ),
    /** NetworkMembership.history: the trail of memberships already read in scope. */
    membershipHistory: new DataLoader<string, ChangeEvent[]>((ids) => changesOf(dataSource, 'NetworkMembership', ids)),
  };
}

export type Loaders = Awaited<ReturnType<typeof createLoaders>>;
