import type { Context, Resolvers } from '../context';
import { byName, present } from '../loaders';
import { normalizeId } from '../../../common/ids';

const byNameThenId = <T extends { id: string; name: string }>(rows: T[]) =>
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

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
    /**
     * A partner: its own eligible incentives (exactly its incentive scope), none for another partner. A vendor: the
     * partner's eligible incentives among its own. By name.
     */
    eligibleIncentives: async (partner: PartnerRef, _: unknown, ctx: Context) => {
      if (ctx.identity.role === 'PARTNER') {
        return normalizeId(partner.id) === ctx.identity.organizationId.toLowerCase() ? ctx.loaders.lists.incentives({}) : [];
      }
      const ids = await ctx.services.analytics.eligibleIncentiveIdsFor(partner.id);
      return byNameThenId(present(await ctx.loaders.incentiveById.loadMany(ids)));
    },
  },
};
