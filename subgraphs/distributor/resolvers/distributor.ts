import type { PageArgs } from '../../../common/pagination';
import type { Distributor } from '../entities';
import type { RankingArgs } from '../services/analytics';
import type { Context } from '../context';

export const distributorResolvers = {
  Distributor: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.distributorById.load(reference.id),
    network: (distributor: Distributor, args: PageArgs, ctx: Context) => ctx.loaders.networkByDistributor.load(distributor.id, args),
    sellThrough: (distributor: Distributor, args: PageArgs, ctx: Context) => ctx.loaders.sellThroughByDistributor.load(distributor.id, args),
    topPartners: (distributor: Distributor, args: RankingArgs, ctx: Context) => ctx.services.analytics.topPartners(distributor.id, args),
  },
};
