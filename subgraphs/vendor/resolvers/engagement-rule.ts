import { money } from '../../../common/money';
import type { Context, Resolvers } from '../context';
import type { EngagementRule } from '../entities';

export const engagementRuleResolvers: Resolvers = {
  EngagementRule: {
    /** The vendor's own rules only (a deal's DIRECT_SEGMENT conflict refers to one): anyone else's → null. */
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.engagementRuleById.load(reference.id),
    vendor: (rule: EngagementRule, _: unknown, ctx: Context) => ctx.loaders.vendorById.load(rule.vendorId),
    amountBand: (rule: EngagementRule) =>
      rule.currency === null ? null : { min: money(rule.minAmountMinor, rule.currency), max: money(rule.maxAmountMinor, rule.currency) },
    history: (rule: EngagementRule, _: unknown, ctx: Context) => ctx.loaders.engagementRuleHistory.load(rule.id),
  },
};
