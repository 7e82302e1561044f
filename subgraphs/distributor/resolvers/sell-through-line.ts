import { money } from '../../../common/money';
import type { SellThroughLine } from '../entities';
import { stub } from '../../../common/subgraph';
import type { Context } from '../context';

export const sellThroughLineResolvers = {
  SellThroughLine: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.sellThroughLineById.load(reference.id),
    distributor: (line: SellThroughLine, _args: unknown, ctx: Context) => ctx.loaders.distributorById.load(line.distributorId),
    partner: (line: SellThroughLine) => stub(line.partnerId),
    vendor: (line: SellThroughLine) => stub(line.vendorId),
    product: (line: SellThroughLine) => stub(line.productId),
    amount: (line: SellThroughLine) => money(line.amountMinor, line.currency),
  },
};
