import type { Context } from '../context';

/** A partner's row of Vendor.leadFunnel: the partner through the caller's scoped loader. */
export const partnerLeadFunnelResolvers = {
  PartnerLeadFunnel: {
    partner: (row: { partnerId: string }, _: unknown, { loaders }: Context) => loaders.partnerById.load(row.partnerId),
  },
};
