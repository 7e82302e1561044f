import type { PartnerRankingRow } from '../repositories/analytics';
import type { Context } from '../context';

/** A row of Vendor.topPartners; its partner resolves within the caller's partner scope (null once out of it). */
export const partnerRankingResolvers = {
  PartnerRanking: {
    partner: (row: PartnerRankingRow, _: unknown, { loaders }: Context) => loaders.partnerById.load(row.partnerId),
  },
};
