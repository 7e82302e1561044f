import type { Context } from '../context';

/** Partner belongs to the partner subgraph; this one adds the partner's side of distributor networks. */
export const partnerResolvers = {
  Partner: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    networkMemberships: (partner: { id: string }, _args: unknown, ctx: Context) => ctx.loaders.membershipsByPartner.load(partner.id),
    distributors: (partner: { id: string }, _args: unknown, ctx: Context) => ctx.loaders.distributorsByPartner.load(partner.id),
  },
};
