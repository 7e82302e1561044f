import type { Role } from '../common/identity';
import type { SubgraphName } from '../common/config';

/**
 * The independent-caller mix of `npm run bench`: what the demo people do in their portals, each with its own token.
 * Pure: bench/run.ts turns the requests into load, test/bench-mix.test.ts checks every one is its caller's to make.
 */

export interface MixCaller {
  organizationSlug: string;
  organizationId: string;
  role: Role;
  subject: string;
  groups: readonly string[];
}

export interface MixVendor {
  id: string;
  slug: string;
  currency: string;
}

export interface MixOperation {
  name: string;
  /** Its share of the traffic, in percent of the sequence (its distinct requests split it evenly). */
  weight: number;
  role: Role;
  /** The member groups (DESIGN.md §6) whose portal sends it; ADMIN may do everything its role may. */
  groups: readonly string[];
  query: string;
  /** The subgraph that alone serves it (target d). */
  subgraph?: SubgraphName;
  variables(context: MixContext, caller: MixCaller): Record<string, unknown>[];
}

export interface MixContext {
  year: number;
  vendors: readonly MixVendor[];
}

export interface MixRequest {
  /** Operation, caller and variables: what identifies a distinct request. */
  label: string;
  operation: string;
  weight: number;
  caller: MixCaller;
  query: string;
  variables: Record<string, unknown>;
  subgraph?: SubgraphName;
}

const pages = (...sizes: number[]) => sizes.map((first) => ({ first }));

/** This year, last year and this year's halves: the periods a vendor console offers. */
export function periods(year: number): { from: string; to: string }[] {
  return [
    { from: `${year}-01-01`, to: `${year}-12-31` },
    { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
    { from: `${year}-01-01`, to: `${year}-06-30` },
    { from: `${year}-07-01`, to: `${year}-12-31` },
  ];
}

export const MIX_OPERATIONS: MixOperation[] = [
  {
    name: 'partner portal home',
    weight: 25,
    role: 'PARTNER',
    groups: ['SALES'],
    query: `query PartnerPortalHome($first: Int!) { me { role slug name partner { id name region types
      partnerships { id status vendor { id name } program { name } tier { name rank discountPercent } }
      eligibleIncentives { id name kind endsOn vendor { name } }
      deals(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node { id customerName status version hasConflict
        amount { amount currency } expectedCloseDate vendor { name } distributor { name } } } }
      certifications { name holderName expiresOn active } } } }`,
    variables: () => pages(5, 10, 20),
  },
  {
    name: 'partner catalog',
    weight: 10,
    role: 'PARTNER',
    groups: ['SALES', 'MARKETING'],
    query: `query PartnerCatalog($vendorId: ID) { products(vendorId: $vendorId) { id sku name category listPrice { amount currency } vendor { id name } } }`,
    variables: (context) => [{ vendorId: null }, ...context.vendors.map((vendor) => ({ vendorId: vendor.id }))],
  },
  {
    name: 'partner incentives',
    weight: 5,
    role: 'PARTNER',
    groups: ['MARKETING'],
    query: `query PartnerIncentives { me { partner { eligibleIncentives { id name kind endsOn vendor { name } } } } }`,
    variables: () => [{}],
  },
  {
    name: 'distributor approval queue',
    weight: 20,
    role: 'DISTRIBUTOR',
    groups: ['DEAL_DESK'],
    query: `query ApprovalQueue($first: Int!) { me { distributor { id name approvalQueue(first: $first) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { id version customerName customerDomain expectedCloseDate amount { amount currency } partner { id name } vendor { name }
        hasConflict conflicts { kind customerName partner { name } } } } } } } }`,
    variables: () => pages(5, 10, 20),
  },
  {
    name: 'distributor network credit',
    weight: 5,
    role: 'DISTRIBUTOR',
    groups: ['CREDIT'],
    query: `query NetworkCredit($first: Int!) { me { distributor { id network(first: $first) { edges { node { id status paymentTermsDays
      creditLimit { amount currency } partner { name } vendor { name } } } } } } }`,
    variables: () => pages(20),
  },
  {
    name: 'vendor dashboard',
    weight: 12,
    role: 'VENDOR',
    groups: ['FINANCE', 'ANALYST'],
    query: `query VendorDashboard($period: PeriodInput!, $currency: String!, $limit: Int!) { me { vendor { id name
      topPartners(period: $period, currency: $currency, limit: $limit) { rank partner { id name } revenue { amount currency } wonDeals lostDeals winRate }
      topDistributors(period: $period, currency: $currency, limit: $limit) { rank distributor { id name } revenue { amount currency } units }
      channelMix(period: $period, currency: $currency) { direct { amount } partnerSourced { amount } marketplace { amount } directShare partnerSourcedShare marketplaceShare }
      pipeline { status count } } } }`,
    variables: (context, caller) => {
      const currency = context.vendors.find((vendor) => vendor.id === caller.organizationId)?.currency ?? 'USD';
      return [...periods(context.year).map((period) => ({ period, currency, limit: 5 })), { period: periods(context.year)[0], currency, limit: 10 }];
    },
  },
  {
    name: 'vendor deals',
    weight: 8,
    role: 'VENDOR',
    groups: ['PARTNER_MANAGER', 'FINANCE'],
    query: `query VendorDeals($first: Int!) { deals(first: $first) { totalCount edges { node { id status customerName version
      amount { amount currency } partner { name } distributor { name } } } } }`,
    variables: () => pages(10, 20),
  },
  {
    name: 'vendor catalog',
    weight: 5,
    role: 'VENDOR',
    groups: ['FINANCE'],
    query: `query VendorCatalog { products { id sku name category listPrice { amount currency } unitCost { amount currency } margin } }`,
    variables: () => [{}],
  },
  {
    name: 'catalog lookup: vendors { slug name }',
    weight: 10,
    role: 'PARTNER',
    groups: ['SALES', 'MARKETING'],
    query: `query Vendors { vendors { slug name } }`,
    subgraph: 'vendor',
    variables: () => [{}],
  },
];

/** Whether a caller's portal sends the operation: its role, and ADMIN or one of the operation's groups. */
export function sends(operation: MixOperation, caller: MixCaller): boolean {
  return operation.role === caller.role && caller.groups.some((group) => group === 'ADMIN' || operation.groups.includes(group));
}

/** Every distinct request of the mix: each operation for each caller whose portal sends it, with each of its variables. */
export function mixRequests(callers: readonly MixCaller[], context: MixContext, operations = MIX_OPERATIONS): MixRequest[] {
  const requests: MixRequest[] = [];
  for (const caller of callers) {
    for (const operation of operations) {
      if (!sends(operation, caller)) continue;
      for (const variables of operation.variables(context, caller)) {
        requests.push({
          label: `${operation.name} as ${caller.subject} ${JSON.stringify(variables)}`,
          operation: operation.name,
          weight: operation.weight,
          caller,
          query: operation.query.replace(/\s+/g, ' '),
          variables,
          ...(operation.subgraph ? { subgraph: operation.subgraph } : {}),
        });
      }
    }
  }
  return requests;
}

/** A small deterministic generator (mulberry32), so every run walks the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The sequence the connections walk, about `length` long: each operation takes its weight's share of it, split evenly
 * between its distinct requests (each at least once), shuffled (seeded) so callers and operations interleave as
 * independent users' would. Indexes into `requests`.
 */
export function mixSequence(requests: readonly MixRequest[], length = 2000, seed = 16): number[] {
  const byOperation = new Map<string, number[]>();
  requests.forEach((request, index) => byOperation.set(request.operation, [...(byOperation.get(request.operation) ?? []), index]));
  const totalWeight = [...byOperation.values()].reduce((sum, indexes) => sum + requests[indexes[0]].weight, 0);
  const sequence: number[] = [];
  for (const indexes of byOperation.values()) {
    const slots = Math.max(indexes.length, Math.round((length * requests[indexes[0]].weight) / totalWeight));
    for (let slot = 0; slot < slots; slot++) sequence.push(indexes[slot % indexes.length]);
  }
  const random = seededRandom(seed);
  for (let i = sequence.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sequence[i], sequence[j]] = [sequence[j], sequence[i]];
  }
  return sequence;
}
