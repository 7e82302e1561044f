import type { ChildPageArgs } from '../../../common/loaders';
import type { DealFilter } from '../repositories/deals';
import { stub, type Context } from './context';

/** Vendor is the vendor subgraph's entity; this subgraph adds the deals registered on its products. */
export const Vendor = {
  __resolveReference: ({ id }: { id: string }) => stub(id),
  deals: (vendor: { id: string }, args: ChildPageArgs<DealFilter>, { loaders }: Context) => loaders.dealsByVendor.load(vendor.id, args),
};
