import { NotFoundError } from '../../../common/errors';
import { money } from '../../../common/money';
import { bpsToPercent } from '../decimal';
import type { Context, Resolvers } from '../context';
import type { ProgramTier } from '../entities';

async function programOf(tier: ProgramTier, ctx: Context) {
  const program = await ctx.loaders.programById.load(tier.programId);
  if (!program) throw new NotFoundError('PartnerProgram', tier.programId);
  return program;
}

export const programTierResolvers: Resolvers = {
  ProgramTier: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.tierById.load(reference.id),
    program: (tier: ProgramTier, _: unknown, ctx: Context) => programOf(tier, ctx),
    /** Thresholds are in the program's currency. */
    minTrailingRevenue: async (tier: ProgramTier, _: unknown, ctx: Context) => money(tier.minRevenueMinor, (await programOf(tier, ctx)).currency),
    discountPercent: (tier: ProgramTier) => bpsToPercent(tier.discountBps),
    rebatePercent: (tier: ProgramTier) => bpsToPercent(tier.rebateBps),
  },
};
