import type { SellThroughRanking } from '../services/analytics';
import type { Context } from '../context';

export const distributorRankingResolvers = {
  DistributorRanking: {
    /** Null when the distributor is outside the caller's scope (it no longer carries the vendor). */
    distributor: (row: SellThroughRanking, _args: unknown, ctx: Context) => ctx.loaders.distributorById.load(row.id),
  },
};
