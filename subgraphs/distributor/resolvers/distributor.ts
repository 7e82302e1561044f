import type { PageArgs } from '../../../common/pagination';
import type { Distributor } from '../entities';
import { checkPageArgs, isDate, isTimestamp, type Context } from './context';

export const distributorResolvers = {
  Distributor: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.distributorById.load(reference.id),
    network: (distributor: Distributor, args: PageArgs, ctx: Context) =>
      ctx.loaders.networkByDistributor(checkPageArgs(args, isTimestamp)).load(distributor.id),
    sellThrough: (distributor: Distributor, args: PageArgs, ctx: Context) =>
      ctx.loaders.sellThroughByDistributor(checkPageArgs(args, isDate)).load(distributor.id),
  },
};
