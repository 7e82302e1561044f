import { viewerOf } from '../../../common/viewer';
import type { Context } from '../context';

export const queryResolvers = {
  Query: {
    distributor: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.distributorById.load(args.id),
    distributors: (_: unknown, _args: unknown, ctx: Context) => ctx.loaders.distributors(),
    me: (_: unknown, __: unknown, { identity }: Context) => viewerOf(identity),
  },
};
