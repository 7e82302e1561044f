import type { AddNetworkMemberInput, UpdateNetworkMemberInput } from '../services/network';
import type { SellThroughLineInput } from '../services/sell-through';
import { requireDistributorRole } from '../services/access';
import type { Context } from './context';

/** Thin: the role is checked again here (the gateway checked it first), the services do the rest. */
export const mutationResolvers = {
  Mutation: {
    addNetworkMember: (_: unknown, args: { input: AddNetworkMemberInput }, ctx: Context) => {
      requireDistributorRole(ctx.identity, 'add partners to a network');
      return ctx.loaders.network.add(args.input);
    },
    updateNetworkMember: (_: unknown, args: { input: UpdateNetworkMemberInput }, ctx: Context) => {
      requireDistributorRole(ctx.identity, 'change network memberships');
      return ctx.loaders.network.update(args.input);
    },
    reportSellThrough: (_: unknown, args: { lines: SellThroughLineInput[] }, ctx: Context) => {
      requireDistributorRole(ctx.identity, 'report sell-through');
      return ctx.loaders.sellThroughReports.report(args.lines);
    },
  },
};
