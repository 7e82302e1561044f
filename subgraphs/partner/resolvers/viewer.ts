import { viewerReference, type ViewerParent } from '../../../common/viewer';
import type { Context } from '../context';

/** The caller (Query.me), as the vendor subgraph serves it: a vendor or distributor is a stub, a partner its row. */
export const viewerResolvers = {
  Viewer: {
    __resolveReference: (reference: { id: string }, { identity }: Context) => viewerReference(reference, identity),
    partner: (viewer: ViewerParent, _: unknown, { loaders }: Context) => (viewer.partner ? loaders.partnerById.load(viewer.partner.id) : null),
  },
};
