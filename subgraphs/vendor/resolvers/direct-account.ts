import type { Context, Resolvers } from '../context';
import type { DirectAccount } from '../entities';

export const directAccountResolvers: Resolvers = {
  DirectAccount: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.directAccountById.load(reference.id),
    vendor: (account: DirectAccount, _: unknown, ctx: Context) => ctx.loaders.vendorById.load(account.vendorId),
    history: (account: DirectAccount, _: unknown, ctx: Context) => ctx.loaders.directAccountHistory.load(account.id),
  },
};
