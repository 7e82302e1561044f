import type { Context, Resolvers } from '../context';
import { viewerOf } from '../../../common/viewer';
import type { PageArgs } from '../../../common/pagination';

type VendorFilter = { vendorId?: string | null };

export const queryResolvers: Resolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: Context) => viewerOf(ctx.identity),
    vendor: (_: unknown, { id }: { id: string }, ctx: Context) => ctx.loaders.vendorById.load(id),
    vendors: (_: unknown, __: unknown, ctx: Context) => ctx.loaders.lists.vendors(),
    product: (_: unknown, { id }: { id: string }, ctx: Context) => ctx.loaders.productById.load(id),
    products: (_: unknown, filter: VendorFilter, ctx: Context) => ctx.loaders.lists.products(filter),
    incentives: (_: unknown, filter: VendorFilter, ctx: Context) => ctx.loaders.lists.incentives(filter),
    programs: (_: unknown, filter: VendorFilter, ctx: Context) => ctx.loaders.lists.programs(filter),
    members: (_: unknown, args: PageArgs, ctx: Context) => ctx.services.members.list(args),
  },
};
