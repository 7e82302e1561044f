import { NotFoundError } from '../../../common/errors';
import { viewerReference, type ViewerParent } from '../../../common/viewer';
import type { Context, Resolvers } from '../context';

/**
 * Slug and name of the caller's organization: a vendor's from this subgraph, a partner's or distributor's from the
 * subgraph that owns it (one internal call per request), so Viewer needs no @requires and every gateway plans it alike.
 */
async function organizationOf(viewer: ViewerParent, { identity, loaders }: Context): Promise<{ slug: string; name: string }> {
  if (viewer.id !== identity.organizationId) throw new NotFoundError('Organization', viewer.id);
  const organization = identity.role === 'VENDOR' ? await loaders.vendorById.load(viewer.id) : await loaders.viewerOrganization();
  if (!organization) throw new NotFoundError('Organization', viewer.id);
  return organization;
}

export const viewerResolvers: Resolvers = {
  Viewer: {
    __resolveReference: (reference: ViewerParent, ctx: Context): ViewerParent => viewerReference(reference, ctx.identity),
    vendor: (viewer: ViewerParent, _: unknown, ctx: Context) => (viewer.vendor ? ctx.loaders.vendorById.load(viewer.vendor.id) : null),
    slug: async (viewer: ViewerParent, _: unknown, ctx: Context) => (await organizationOf(viewer, ctx)).slug,
    name: async (viewer: ViewerParent, _: unknown, ctx: Context) => (await organizationOf(viewer, ctx)).name,
    // only the caller's own Viewer has a member; another id's is nobody
    member: (viewer: ViewerParent, _: unknown, ctx: Context) => (viewer.id === ctx.identity.organizationId ? ctx.services.members.mine() : null),
  },
};
