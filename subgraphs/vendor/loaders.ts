import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../common/scope';
import { primed } from '../../common/loaders';
import type { SubgraphContext } from '../../common/subgraph';
import { agreementsByDistributorIds, agreementsByIds, agreementsByVendorIds, directAccountsByIds, directAccountsByVendorIds } from './repositories/distribution';
import { incentivesByIds, listIncentives, incentivesByVendorIds, mdfRequestsByIds, mdfRequestsByPartnerIds } from './repositories/incentives';
import { partnershipsByIds, partnershipsByPartnerIds, partnershipsByVendorIds } from './repositories/partnerships';
import { listProducts, productsByIds, productsByVendorIds } from './repositories/products';
import { listPrograms, programsByIds, programsByVendorIds, tiersByIds, tiersByProgramIds } from './repositories/programs';
import { listVendors, vendorsByIds } from './repositories/vendors';

type Batch<V> = (keys: readonly string[]) => Promise<V[]>;

/** Batch functions return results in key order, which is what DataLoader expects. */
const loader = <V>(batch: Batch<V>) => new DataLoader<string, V>(batch);

/**
 * Request-scoped loaders: one per key. Every __resolveReference and every relation field goes
 * through one of them, so N parents cost one statement per relation, not N.
 * The identity is here so the scoping issue can pass the caller's Condition to each repository.
 */
export function createLoaders(ds: DataSource, _caller: Caller) {
  const loaders = {
    vendorById: loader((ids) => vendorsByIds(ds, ids)),
    productById: loader((ids) => productsByIds(ds, ids)),
    programById: loader((ids) => programsByIds(ds, ids)),
    tierById: loader((ids) => tiersByIds(ds, ids)),
    incentiveById: loader((ids) => incentivesByIds(ds, ids)),
    partnershipById: loader((ids) => partnershipsByIds(ds, ids)),
    agreementById: loader((ids) => agreementsByIds(ds, ids)),
    directAccountById: loader((ids) => directAccountsByIds(ds, ids)),
    mdfRequestById: loader((ids) => mdfRequestsByIds(ds, ids)),

    productsByVendor: loader((ids) => productsByVendorIds(ds, ids)),
    programsByVendor: loader((ids) => programsByVendorIds(ds, ids)),
    incentivesByVendor: loader((ids) => incentivesByVendorIds(ds, ids)),
    partnershipsByVendor: loader((ids) => partnershipsByVendorIds(ds, ids)),
    agreementsByVendor: loader((ids) => agreementsByVendorIds(ds, ids)),
    directAccountsByVendor: loader((ids) => directAccountsByVendorIds(ds, ids)),
    tiersByProgram: loader((ids) => tiersByProgramIds(ds, ids)),

    partnershipsByPartner: loader((ids) => partnershipsByPartnerIds(ds, ids)),
    mdfRequestsByPartner: loader((ids) => mdfRequestsByPartnerIds(ds, ids)),
    agreementsByDistributor: loader((ids) => agreementsByDistributorIds(ds, ids)),
  };
  /** Root lists: one statement each; their rows prime the byId loaders for later references. */
  const lists = {
    vendors: () => primed(loaders.vendorById, listVendors(ds)),
    products: (filter: VendorFilter) => primed(loaders.productById, listProducts(ds, filter)),
    programs: (filter: VendorFilter) => primed(loaders.programById, listPrograms(ds, filter)),
    incentives: (filter: VendorFilter) => primed(loaders.incentiveById, listIncentives(ds, filter)),
  };
  return { ...loaders, lists };
}

type VendorFilter = { vendorId?: string | null };

export type Loaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives. */
export type Context = SubgraphContext<Loaders>;
export type Resolvers = GraphQLResolverMap<Context>;

/** Results of loadMany without the misses; a failed key rethrows its error. */
export function present<T>(results: (T | null | Error)[]): T[] {
  return results.filter((result): result is T => {
    if (result instanceof Error) throw result;
    return result !== null;
  });
}

/** Sorts rows by name the way PostgreSQL's C collation does (code points); lists loaded by id come back unordered. */
export function byName<T extends { name: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
