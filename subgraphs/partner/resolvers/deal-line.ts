import { stub } from '../../../common/subgraph';
import type { DealLine as DealLineRow } from '../entities/deal-line';

export const dealLineResolvers = {
  DealLine: {
    product: (line: DealLineRow) => stub(line.productId),
  },
};
