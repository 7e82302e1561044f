import { money } from '../../../common/money';
import type { NetworkMembership } from '../entities';
import { stub } from '../../../common/subgraph';
import type { Context } from '../context';

export const networkMembershipResolvers = {
  NetworkMembership: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.membershipById.load(reference.id),
    distributor: (membership: NetworkMembership, _args: unknown, ctx: Context) => ctx.loaders.distributorById.load(membership.distributorId),
    partner: (membership: NetworkMembership) => stub(membership.partnerId),
    vendor: (membership: NetworkMembership) => stub(membership.vendorId),
    creditLimit: (membership: NetworkMembership) => (membership.currency === null ? null : money(membership.creditLimitMinor, membership.currency)),
  },
};
