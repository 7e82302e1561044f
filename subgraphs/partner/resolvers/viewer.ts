import { viewerOf, type Viewer as ViewerParent } from '../../../common/viewer';
import type { Context } from './context';

/** The caller (Query.me), as the vendor subgraph serves it: a vendor or distributor is a stub, a partner its row. */
export const Viewer = {
  /** Only the caller's own Viewer carries its organization; any other id resolves to that id alone. */
  __resolveReference: ({ id }: { id: string }, { identity }: Context) => (id === identity.organizationId ? viewerOf(identity) : { id }),
  partner: (viewer: Partial<ViewerParent>, _: unknown, { loaders }: Context) => (viewer.partner ? loaders.partnerById.load(viewer.partner.id) : null),
};
