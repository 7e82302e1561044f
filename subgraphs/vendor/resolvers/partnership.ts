import { money } from '../../../common/money';
import type { Context, Resolvers } from '../context';
import type { Partnership } from '../entities';

export const partnershipResolvers: Resolvers = {
  Partnership: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.partnershipById.load(reference.id),
    vendor: (partnership: Partnership, _: unknown, ctx: Context) => ctx.loaders.vendorById.load(partnership.vendorId),
    partner: (partnership: Partnership) => ({ id: partnership.partnerId }),
    program: (partnership: Partnership, _: unknown, ctx: Context) => ctx.loaders.programById.load(partnership.programId),
    tier: (partnership: Partnership, _: unknown, ctx: Context) => (partnership.tierId ? ctx.loaders.tierById.load(partnership.tierId) : null),
    targetRevenue: (partnership: Partnership) => money(partnership.targetRevenueMinor, partnership.currency),
    /** Its vendor and its partner only; all scorecards of one period in a request share one call per peer. */
    scorecard: (partnership: Partnership, args: { period: unknown }, ctx: Context) => ctx.services.analytics.scorecard(partnership, args.period),
  },
};
