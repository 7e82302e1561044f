import type { Context, Resolvers } from '../context';
import type { Vendor } from '../entities';

export const vendorResolvers: Resolvers = {
  Vendor: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.vendorById.load(reference.id),
    products: (vendor: Vendor, args: { includeRetired?: boolean | null }, ctx: Context) =>
      (args.includeRetired ? ctx.loaders.allProductsByVendor : ctx.loaders.productsByVendor).load(vendor.id),
    programs: (vendor: Vendor, _: unknown, ctx: Context) => ctx.loaders.programsByVendor.load(vendor.id),
    incentives: (vendor: Vendor, _: unknown, ctx: Context) => ctx.loaders.incentivesByVendor.load(vendor.id),
    partnerships: (vendor: Vendor, _: unknown, ctx: Context) => ctx.loaders.partnershipsByVendor.load(vendor.id),
    distributionAgreements: (vendor: Vendor, _: unknown, ctx: Context) => ctx.loaders.agreementsByVendor.load(vendor.id),
    /** Distributors carrying the vendor under an active agreement (stubs: the distributor subgraph resolves them). */
    distributors: async (vendor: Vendor, _: unknown, ctx: Context) =>
      (await ctx.loaders.agreementsByVendor.load(vendor.id)).filter((a) => a.active).map((a) => ({ id: a.distributorId })),
    directAccounts: (vendor: Vendor, args: { includeEnded?: boolean | null }, ctx: Context) =>
      (args.includeEnded ? ctx.loaders.allDirectAccountsByVendor : ctx.loaders.directAccountsByVendor).load(vendor.id),
    engagementRules: (vendor: Vendor, args: { includeRetired?: boolean | null }, ctx: Context) =>
      (args.includeRetired ? ctx.loaders.allEngagementRulesByVendor : ctx.loaders.engagementRulesByVendor).load(vendor.id),
    /** The vendor's own only: another vendor's → null. */
    channelMix: (vendor: Vendor, args: { period: unknown; currency: unknown }, ctx: Context) =>
      ctx.services.analytics.channelMix(vendor.id, args.period, args.currency),
  },
};
