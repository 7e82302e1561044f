import { money } from '../../../common/money';
import type { Context, Resolvers } from '../context';
import type { Incentive } from '../entities';

export const incentiveResolvers: Resolvers = {
  Incentive: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.incentiveById.load(reference.id),
    vendor: (incentive: Incentive, _: unknown, ctx: Context) => ctx.loaders.vendorById.load(incentive.vendorId),
    program: (incentive: Incentive, _: unknown, ctx: Context) => (incentive.programId ? ctx.loaders.programById.load(incentive.programId) : null),
    budget: (incentive: Incentive) => money(incentive.budgetMinor, incentive.currency),
    spent: (incentive: Incentive) => money(incentive.spentMinor, incentive.currency),
    /** Every gate that is set must hold; empty lists and nulls do not gate. */
    eligibility: (incentive: Incentive) => ({
      minTierRank: incentive.minTierRank,
      regions: incentive.regions,
      countries: incentive.countries,
      partnerTypes: incentive.partnerTypes,
      minTrailingRevenue: money(incentive.minRevenueMinor, incentive.currency),
      requiredCertifications: incentive.requiredCertifications,
      productCategories: incentive.productCategories,
    }),
  },
};
