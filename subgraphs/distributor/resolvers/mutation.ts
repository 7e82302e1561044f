import type { AddNetworkMemberInput, UpdateNetworkMemberInput } from '../services/network';
import type { SellThroughLineInput } from '../services/sell-through';
import { requireAction } from '../../../common/permissions';
import type { Context } from '../context';

/** Thin: the role is checked again here against the table the gateway enforces (common/permissions.ts), the services do the rest. */
export const mutationResolvers = {
  Mutation: {
    addNetworkMember: (_: unknown, args: { input: AddNetworkMemberInput }, ctx: Context) => {
      requireAction(ctx.identity, 'addNetworkMember');
      return ctx.services.network.add(args.input);
    },
    updateNetworkMember: (_: unknown, args: { input: UpdateNetworkMemberInput }, ctx: Context) => {
      requireAction(ctx.identity, 'updateNetworkMember');
      return ctx.services.network.update(args.input);
    },
    reportSellThrough: (_: unknown, args: { lines: SellThroughLineInput[] }, ctx: Context) => {
      requireAction(ctx.identity, 'reportSellThrough');
      return ctx.services.sellThroughReports.report(args.lines);
    },
  },
};
