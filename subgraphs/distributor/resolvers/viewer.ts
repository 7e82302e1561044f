import { viewerReference, type ViewerParent } from '../../../common/viewer';
import type { Context } from '../context';

/** The caller (Query.me), as the vendor subgraph serves it: a vendor or partner is a stub, a distributor its row. */
export const viewerResolvers = {
  Viewer: {
    __resolveReference: (reference: { id: string }, { identity }: Context) => viewerReference(reference, identity),
    distributor: (viewer: ViewerParent, _: unknown, { loaders }: Context) =>
      viewer.distributor ? loaders.distributorById.load(viewer.distributor.id) : null,
  },
};
