import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Condition } from '../../common/pagination';
import type { Caller } from '../../common/scope';
import { primed } from '../../common/loaders';
import { viewerOrganization as viewerOrganizationProcedure } from '../../common/procedures/viewer';
import type { OrganizationName } from '../../common/viewer';
import {
  agreementsByDistributorIds,
  agreementsByIds,
  agreementsByVendorIds,
  directAccountsByIds,
  directAccountsByVendorIds,
} from './repositories/distribution';
import { incentivesByIds, listIncentives, incentivesByVendorIds, mdfRequestsByIds, mdfRequestsByPartnerIds } from './repositories/incentives';
import { partnershipsByIds, partnershipsByPartnerIds, partnershipsByVendorIds } from './repositories/partnerships';
import { ACTIVE_PRODUCTS, listProducts, productsByIds, productsByVendorIds } from './repositories/products';
import { engagementRulesByIds, engagementRulesByVendorIds } from './repositories/engagement-rules';
import { changesOf } from '../../common/audit';
import { organizationOf } from '../../common/identity';
import { memberAnswer } from '../../common/members/serve';
import { vendorMembersBySubjects } from './repositories/partner-managers';
import { MANAGER_TRAIL } from './services/partner-managers';
import { and } from '../../common/pagination';
import { listPrograms, programsByIds, programsByVendorIds, tiersByIds, tiersByProgramIds } from './repositories/programs';
import { listVendors, vendorsByIds } from './repositories/vendors';
import {
  agreementScope,
  directAccountScope,
  incentiveScopeOf,
  mdfRequestScope,
  partnershipScope,
  productScope,
  programScope,
  tierScope,
  vendorScope,
} from './scope';

type Batch<V> = (keys: readonly string[]) => Promise<V[]>;

/** Batch functions return results in key order, which is what DataLoader expects. */
const loader = <V>(batch: Batch<V>) => new DataLoader<string, V>(batch);

/**
 * Request-scoped loaders: one per key. Every __resolveReference and every relation field goes
 * through one of them, so N parents cost one statement per relation, not N. Each passes the caller's
 * row scope for its table (scope.ts) to the repository, so a row outside it is never fetched: a lookup
 * answers null, a list leaves it out. The partnerships scope of a distributor needs the distributor
 * subgraph's facts: it is built on first use, once per request, and fails the fields that need it when
 * that peer cannot answer.
 */
export function createLoaders(ds: DataSource, caller: Caller) {
  const { identity } = caller;
  const scope = {
    vendors: vendorScope(identity),
    products: productScope(identity),
    programs: programScope(identity),
    tiers: tierScope(identity),
    agreements: agreementScope(identity),
    directAccounts: directAccountScope(identity),
    // a vendor's own rules only, as its direct accounts
    engagementRules: directAccountScope(identity),
    mdfRequests: mdfRequestScope(identity),
  };
  let partnershipWhere: Promise<Condition> | undefined;
  const partnerships = () => (partnershipWhere ??= partnershipScope(caller));
  // a partner's incentives are those it is eligible for: facts of the partner and distributor subgraphs, asked once
  let incentiveWhere: Promise<Condition> | undefined;
  const incentives = () => (incentiveWhere ??= incentiveScopeOf(ds, caller));

  const loaders = {
    vendorById: loader((ids) => vendorsByIds(ds, ids, scope.vendors)),
    productById: loader((ids) => productsByIds(ds, ids, scope.products)),
    programById: loader((ids) => programsByIds(ds, ids, scope.programs)),
    tierById: loader((ids) => tiersByIds(ds, ids, scope.tiers)),
    incentiveById: loader(async (ids) => incentivesByIds(ds, ids, await incentives())),
    partnershipById: loader(async (ids) => partnershipsByIds(ds, ids, await partnerships())),
    agreementById: loader((ids) => agreementsByIds(ds, ids, scope.agreements)),
    directAccountById: loader((ids) => directAccountsByIds(ds, ids, scope.directAccounts)),
    engagementRuleById: loader((ids) => engagementRulesByIds(ds, ids, scope.engagementRules)),
    mdfRequestById: loader((ids) => mdfRequestsByIds(ds, ids, scope.mdfRequests)),

    productsByVendor: loader((ids) => productsByVendorIds(ds, ids, and(scope.products, ACTIVE_PRODUCTS))),
    allProductsByVendor: loader((ids) => productsByVendorIds(ds, ids, scope.products)),
    programsByVendor: loader((ids) => programsByVendorIds(ds, ids, scope.programs)),
    incentivesByVendor: loader(async (ids) => incentivesByVendorIds(ds, ids, await incentives())),
    partnershipsByVendor: loader(async (ids) => partnershipsByVendorIds(ds, ids, await partnerships())),
    agreementsByVendor: loader((ids) => agreementsByVendorIds(ds, ids, scope.agreements)),
    directAccountsByVendor: loader((ids) => directAccountsByVendorIds(ds, ids, scope.directAccounts)),
    allDirectAccountsByVendor: loader((ids) => directAccountsByVendorIds(ds, ids, scope.directAccounts, true)),
    engagementRulesByVendor: loader((ids) => engagementRulesByVendorIds(ds, ids, false, scope.engagementRules)),
    allEngagementRulesByVendor: loader((ids) => engagementRulesByVendorIds(ds, ids, true, scope.engagementRules)),
    tiersByProgram: loader((ids) => tiersByProgramIds(ds, ids, scope.tiers)),

    partnershipsByPartner: loader(async (ids) => partnershipsByPartnerIds(ds, ids, await partnerships())),
    mdfRequestsByPartner: loader((ids) => mdfRequestsByPartnerIds(ds, ids, scope.mdfRequests)),
    agreementsByDistributor: loader((ids) => agreementsByDistributorIds(ds, ids, scope.agreements)),

    // audit trails of records already read in the caller's scope (common/audit)
    productHistory: loader((ids) => changesOf(ds, 'Product', ids)),
    directAccountHistory: loader((ids) => changesOf(ds, 'DirectAccount', ids)),
    engagementRuleHistory: loader((ids) => changesOf(ds, 'EngagementRule', ids)),
    // the trail of a relationship already read in scope (the resolver's parent)
    partnershipHistory: loader((ids) => changesOf(ds, 'Partnership', ids)),
    // the vendor's own: who managed the partnership when (services/partner-managers.ts)
    partnershipManagerHistory: loader((ids) => changesOf(ds, MANAGER_TRAIL, ids)),
    /** The caller's own vendor's members by subject (Partnership.manager): its own people only. */
    vendorMemberBySubject: loader((subjects) =>
      identity.role === 'VENDOR' && organizationOf(identity)
        ? vendorMembersBySubjects(ds, organizationOf(identity)!, subjects).then((rows) => rows.map((row) => (row ? memberAnswer(row) : null)))
        : Promise.resolve(subjects.map(() => null)),
    ),
    agreementHistory: loader((ids) => changesOf(ds, 'DistributionAgreement', ids)),
  };
  /** Root lists: one statement each; their rows prime the byId loaders for later references. */
  const lists = {
    vendors: () => primed(loaders.vendorById, listVendors(ds, scope.vendors)),
    products: (filter: VendorFilter) => primed(loaders.productById, listProducts(ds, filter, scope.products)),
    programs: (filter: VendorFilter) => primed(loaders.programById, listPrograms(ds, filter, scope.programs)),
    incentives: async (filter: VendorFilter) => primed(loaders.incentiveById, listIncentives(ds, filter, await incentives())),
  };
  /** A partner's or distributor's own slug and name (Viewer.slug/name), asked of the subgraph that owns it, once per request. */
  let ownOrganization: Promise<OrganizationName | null> | undefined;
  const viewerOrganization = () =>
    (ownOrganization ??= caller.ask(identity.role === 'PARTNER' ? 'partner' : 'distributor', viewerOrganizationProcedure, {}));
  return { ...loaders, lists, viewerOrganization };
}

type VendorFilter = { vendorId?: string | null; includeRetired?: boolean | null };

export type Loaders = ReturnType<typeof createLoaders>;

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
