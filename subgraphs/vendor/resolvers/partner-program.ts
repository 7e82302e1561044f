import type { Context, Resolvers } from '../context';
import type { PartnerProgram } from '../entities';

export const partnerProgramResolvers: Resolvers = {
  PartnerProgram: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.programById.load(reference.id),
    vendor: (program: PartnerProgram, _: unknown, ctx: Context) => ctx.loaders.vendorById.load(program.vendorId),
    tiers: (program: PartnerProgram, _: unknown, ctx: Context) => ctx.loaders.tiersByProgram.load(program.id),
  },
};
