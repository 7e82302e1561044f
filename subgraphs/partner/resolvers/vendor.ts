import { ForbiddenError } from '../../../common/errors';
import type { ChildPageArgs } from '../../../common/loaders';
import { money } from '../../../common/money';
import type { DealFilter } from '../repositories/deals';
import { stub, type Context } from './context';

/** Vendor is the vendor subgraph's entity; this subgraph adds the deals registered on its products and their pipeline. */
export const Vendor = {
  __resolveReference: ({ id }: { id: string }) => stub(id),
  deals: (vendor: { id: string }, args: ChildPageArgs<DealFilter>, { loaders }: Context) => loaders.dealsByVendor.load(vendor.id, args),
  /** The vendor's own pipeline only: another vendor's is null (the row scope would count nothing anyway). */
  pipeline: async (vendor: { id: string }, _: unknown, { identity, loaders }: Context) => {
    if (identity.role !== 'VENDOR') throw new ForbiddenError('Only the vendor sees its pipeline.');
    if (vendor.id.trim().toLowerCase() !== identity.organizationId.toLowerCase()) return null;
    const stages = await loaders.pipelineByVendorId.load(vendor.id);
    return stages.map((stage) => ({
      status: stage.status,
      count: stage.count,
      amounts: stage.amounts.map((sum) => money(sum.amountMinor, sum.currency)),
    }));
  },
};
