import type { RankingArgs } from '../services/analytics';
import type { Context } from '../context';

/** Vendor belongs to the vendor subgraph; this one adds the vendor's sell-through leaderboard (its data is here). */
export const vendorResolvers = {
  Vendor: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    topDistributors: (vendor: { id: string }, args: RankingArgs, ctx: Context) => ctx.services.analytics.topDistributors(vendor.id, args),
  },
};
