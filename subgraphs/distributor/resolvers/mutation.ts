import type { AddNetworkMemberInput, SetNetworkCreditTermsInput, UpdateNetworkMemberInput } from '../services/network';
import type { SellThroughLineInput } from '../services/sell-through';
import { requireAction } from '../../../common/permissions';
import type { Context } from '../context';
import type { MembershipAct } from '../services/membership-consent';

/** The acts on a membership, each a mutation of the same shape (id, expectedVersion, reason for some). */
const MEMBERSHIP_ACTS: MembershipAct[] = [
  'acceptNetworkMembership',
  'declineNetworkMembership',
  'suspendNetworkMembership',
  'resumeNetworkMembership',
  'endNetworkMembership',
];

/** Thin: the role and groups are checked again here against the table the gateway enforces (common/permissions.ts), the services do the rest. */
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
    setNetworkCreditTerms: (_: unknown, args: { input: SetNetworkCreditTermsInput }, ctx: Context) => {
      requireAction(ctx.identity, 'setNetworkCreditTerms');
      return ctx.services.network.setCreditTerms(args.input);
    },
    ...Object.fromEntries(
      MEMBERSHIP_ACTS.map((act) => [
        act,
        (_: unknown, args: { id: string; expectedVersion: number; reason?: string | null }, ctx: Context) => {
          requireAction(ctx.identity, act);
          return ctx.services.membershipConsent.act(act, args);
        },
      ]),
    ),
    reportSellThrough: (_: unknown, args: { lines: SellThroughLineInput[] }, ctx: Context) => {
      requireAction(ctx.identity, 'reportSellThrough');
      return ctx.services.sellThroughReports.report(args.lines);
    },
  },
};
