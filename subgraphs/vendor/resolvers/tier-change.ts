import type { Context, Resolvers } from '../context';
import type { TierChangeResult } from '../services/tier-evaluation';

/** evaluateTiers' result: each change with the partnership as it is now and the tiers it moved between. */
export const tierChangeResolvers: Resolvers = {
  TierChange: {
    partnership: (change: TierChangeResult) => change.partnership,
    fromTier: (change: TierChangeResult, _: unknown, ctx: Context) => (change.fromTierId ? ctx.loaders.tierById.load(change.fromTierId) : null),
    toTier: (change: TierChangeResult, _: unknown, ctx: Context) => ctx.loaders.tierById.load(change.toTierId),
  },
};
