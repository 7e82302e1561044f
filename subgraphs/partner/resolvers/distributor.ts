import { ForbiddenError } from '../../../common/errors';
import type { ChildPageArgs } from '../../../common/loaders';
import type { PageArgs } from '../../../common/pagination';
import type { DealFilter } from '../repositories/deals';
import { stub } from '../../../common/subgraph';
import type { Context } from '../context';
import { normalizeId } from '../../../common/ids';

/** Distributor is the distributor subgraph's entity; this subgraph adds the deals routed to it and its approval queue. */
export const distributorResolvers = {
  Distributor: {
    __resolveReference: ({ id }: { id: string }) => stub(id),
    deals: (distributor: { id: string }, args: ChildPageArgs<DealFilter>, { loaders }: Context) =>
      loaders.dealsByDistributor.load(distributor.id, args),
    /** The distributor's own queue only: another distributor's is null (the row scope would list nothing anyway). */
    approvalQueue: (distributor: { id: string }, args: PageArgs, { identity, loaders }: Context) => {
      if (identity.role !== 'DISTRIBUTOR') throw new ForbiddenError('Only the distributor sees its approval queue.');
      if (normalizeId(distributor.id) !== identity.organizationId.toLowerCase()) return null;
      return loaders.approvalQueueByDistributor.load(distributor.id, args);
    },
  },
};
