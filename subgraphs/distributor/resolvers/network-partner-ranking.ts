import { stub } from '../../../common/subgraph';
import type { SellThroughRanking } from '../services/analytics';

export const networkPartnerRankingResolvers = {
  NetworkPartnerRanking: {
    partner: (row: SellThroughRanking) => stub(row.id),
  },
};
