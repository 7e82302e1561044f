import { money } from '../../../common/money';
import type { PageArgs } from '../../../common/pagination';
import type { Deal as DealRow } from '../entities/deal';
import type { DealLine as DealLineRow } from '../entities/deal-line';
import { stub, type Context } from './context';

export const Deal = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loaders.dealById.load(id),
  partner: (deal: DealRow, _: unknown, { loaders }: Context) => loaders.partnerById.load(deal.partnerId),
  vendor: (deal: DealRow) => stub(deal.vendorId),
  distributor: (deal: DealRow) => (deal.distributorId ? stub(deal.distributorId) : null),
  lines: (deal: DealRow, _: unknown, { loaders }: Context) => loaders.dealLinesByDealId.load(deal.id),
  amount: (deal: DealRow) => money(deal.amountMinor, deal.currency),
  finalAmount: (deal: DealRow) => money(deal.finalAmountMinor, deal.currency),
  history: (deal: DealRow, args: PageArgs, { loaders }: Context) => loaders.historyByDeal.load(deal.id, args),
};

export const DealLine = {
  product: (line: DealLineRow) => stub(line.productId),
};
