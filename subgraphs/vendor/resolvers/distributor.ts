import type { Context, Resolvers } from '../context';
import { byName, present } from '../loaders';

/** Distributor is owned by the distributor subgraph; this one adds the vendors it carries. */
type DistributorRef = { id: string };

export const distributorResolvers: Resolvers = {
  Distributor: {
    __resolveReference: (reference: DistributorRef) => ({ id: reference.id }),
    /** Vendors carried under an active distribution agreement, by name. */
    vendors: async (distributor: DistributorRef, _: unknown, ctx: Context) => {
      const agreements = await ctx.loaders.agreementsByDistributor.load(distributor.id);
      return byName(present(await ctx.loaders.vendorById.loadMany(agreements.filter((a) => a.active).map((a) => a.vendorId))));
    },
    distributionAgreements: (distributor: DistributorRef, _: unknown, ctx: Context) => ctx.loaders.agreementsByDistributor.load(distributor.id),
  },
};
