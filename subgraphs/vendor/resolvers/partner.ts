import type { Context, Resolvers } from '../loaders';
import { byName, present } from '../loaders';

/** Partner is owned by the partner subgraph; this one adds what it keeps about each partner. */
type PartnerRef = { id: string };

export const partnerResolvers: Resolvers = {
  Partner: {
    __resolveReference: (reference: PartnerRef) => ({ id: reference.id }),
    partnerships: (partner: PartnerRef, _: unknown, ctx: Context) => ctx.loaders.partnershipsByPartner.load(partner.id),
    /** Vendors the partner is enrolled with (any partnership that is not terminated), by name. */
    vendors: async (partner: PartnerRef, _: unknown, ctx: Context) => {
      const partnerships = await ctx.loaders.partnershipsByPartner.load(partner.id);
      const vendorIds = partnerships.filter((p) => p.status !== 'TERMINATED').map((p) => p.vendorId);
      return byName(present(await ctx.loaders.vendorById.loadMany(vendorIds)));
    },
    mdfRequests: (partner: PartnerRef, _: unknown, ctx: Context) => ctx.loaders.mdfRequestsByPartner.load(partner.id),
  },
};
