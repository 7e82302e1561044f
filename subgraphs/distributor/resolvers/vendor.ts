import type { RankingArgs, SellThroughRanking } from '../services/analytics';
import type { Context } from '../context';

/** Vendor belongs to the vendor subgraph; this one adds the vendor's sell-through leaderboard (its data is here). */
export const vendorResolvers = {
  Vendor: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    topDistributors: (vendor: { id: string }, args: RankingArgs, ctx: Context) => ctx.services.analytics.topDistributors(vendor.id, args),
  },
  DistributorRanking: {
    /** Null when the distributor is outside the caller's scope (it no longer carries the vendor). */
    distributor: (row: SellThroughRanking, _args: unknown, ctx: Context) => ctx.loaders.distributorById.load(row.id),
  },
};
