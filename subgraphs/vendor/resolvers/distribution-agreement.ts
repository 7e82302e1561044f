import type { Context, Resolvers } from '../context';
import type { DistributionAgreement } from '../entities';

export const distributionAgreementResolvers: Resolvers = {
  DistributionAgreement: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.agreementById.load(reference.id),
    vendor: (agreement: DistributionAgreement, _: unknown, ctx: Context) => ctx.loaders.vendorById.load(agreement.vendorId),
    distributor: (agreement: DistributionAgreement) => ({ id: agreement.distributorId }),
  },
};
