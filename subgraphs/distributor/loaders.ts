import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../common/scope';
import { ChildConnections, primed } from '../../common/loaders';
import { ALL } from '../../common/repository';
import type { Distributor, NetworkMembership, SellThroughLine } from './entities';
import { findDistributorsByIds, findDistributorsByPartners, listDistributors } from './repositories/distributors';
import {
  countMembershipsByDistributor,
  findMembershipPagesByDistributor,
  findMembershipsByIds,
  findMembershipsByPartners,
  MEMBERSHIP_ORDER,
} from './repositories/network-memberships';
import { countSellThroughByDistributor, findSellThroughLinesByIds, findSellThroughPagesByDistributor, SELL_THROUGH_ORDER } from './repositories/sell-through';

/** Request-scoped loaders: every reference and relation of the distributor subgraph goes through one of these. */
export function createLoaders(dataSource: DataSource, _caller: Caller) {
  // Row scoping by caller comes with the authorization issue: it will narrow these conditions from the identity.
  const distributorScope = ALL;
  const membershipScope = ALL;
  const sellThroughScope = ALL;

  const distributorById = new DataLoader<string, Distributor | null>((ids) => findDistributorsByIds(dataSource, ids, distributorScope));

  return {
    distributorById,
    membershipById: new DataLoader<string, NetworkMembership | null>((ids) => findMembershipsByIds(dataSource, ids, membershipScope)),
    sellThroughLineById: new DataLoader<string, SellThroughLine | null>((ids) => findSellThroughLinesByIds(dataSource, ids, sellThroughScope)),
    /** Query.distributors: the whole (short) list, by name; its rows prime distributorById. */
    distributors: () => primed(distributorById, listDistributors(dataSource, distributorScope)),
    /** Distributor.network(first, after), keyed by distributor id. */
    networkByDistributor: new ChildConnections<NetworkMembership>(
      MEMBERSHIP_ORDER,
      (ids, args) => findMembershipPagesByDistributor(dataSource, ids, args, membershipScope),
      (ids) => countMembershipsByDistributor(dataSource, ids, membershipScope),
    ),
    /** Distributor.sellThrough(first, after), keyed by distributor id. */
    sellThroughByDistributor: new ChildConnections<SellThroughLine>(
      SELL_THROUGH_ORDER,
      (ids, args) => findSellThroughPagesByDistributor(dataSource, ids, args, sellThroughScope),
      (ids) => countSellThroughByDistributor(dataSource, ids, sellThroughScope),
    ),
    /** Partner.networkMemberships, keyed by partner id. */
    membershipsByPartner: new DataLoader<string, NetworkMembership[]>((ids) => findMembershipsByPartners(dataSource, ids, membershipScope)),
    /** Partner.distributors, keyed by partner id. */
    distributorsByPartner: new DataLoader<string, Distributor[]>((ids) => findDistributorsByPartners(dataSource, ids, membershipScope, distributorScope)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
