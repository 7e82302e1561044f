import type { ChildPageArgs } from '../../../common/loaders';
import type { DealFilter } from '../repositories/deals';
import { stub, type Context } from './context';

/** Distributor is the distributor subgraph's entity; this subgraph adds the deals routed to it. */
export const Distributor = {
  __resolveReference: ({ id }: { id: string }) => stub(id),
  deals: (distributor: { id: string }, args: ChildPageArgs<DealFilter>, { loaders }: Context) => loaders.dealsByDistributor.load(distributor.id, args),
};
