import { viewerOf, type Viewer } from '../../../common/viewer';
import type { Context } from './context';

/** The caller (Query.me), as the vendor subgraph serves it: a vendor or partner is a stub, a distributor its row. */
export const viewerResolvers = {
  Viewer: {
    /** Only the caller's own Viewer carries its organization; any other id resolves to that id alone. */
    __resolveReference: ({ id }: { id: string }, { identity }: Context) => (id === identity.organizationId ? viewerOf(identity) : { id }),
    distributor: (viewer: Partial<Viewer>, _: unknown, { loaders }: Context) => (viewer.distributor ? loaders.distributorById.load(viewer.distributor.id) : null),
  },
};
