import { NotFoundError } from '../../../common/errors';
import type { Role } from '../../../common/identity';
import { viewerOf } from '../../../common/viewer';
import type { Context, Resolvers } from '../loaders';

type Stub = { id: string };
/** An organization stub; slug and name arrive in an entity representation (supplied by the gateway per @requires). */
type Organization = { id?: string; slug?: string | null; name?: string | null };

export interface ViewerParent {
  id: string;
  role?: Role;
  subject?: string;
  vendor?: Stub | null;
  partner?: Organization | null;
  distributor?: Organization | null;
}

/** The representation's organization objects win (they carry slug/name); stub ids of the caller are kept. */
function merge(own: Organization | null | undefined, given: Organization | null | undefined): Organization | null | undefined {
  if (given === undefined) return own;
  if (given === null || !own) return given;
  return { ...own, ...given };
}

/** Slug and name: a partner's or distributor's come from the representation, a vendor's from this subgraph. */
async function organizationOf(viewer: ViewerParent, ctx: Context): Promise<{ slug: string; name: string }> {
  for (const org of [viewer.partner, viewer.distributor]) {
    if (org?.slug != null && org.name != null) return { slug: org.slug, name: org.name };
  }
  const vendor = await ctx.loaders.vendorById.load(viewer.id);
  if (!vendor) throw new NotFoundError('Organization', viewer.id);
  return vendor;
}

export const viewerResolvers: Resolvers = {
  Viewer: {
    __resolveReference: (reference: ViewerParent, ctx: Context): ViewerParent => {
      if (reference.id !== ctx.identity.organizationId) return reference;
      const own = viewerOf(ctx.identity);
      return {
        ...own,
        ...reference,
        vendor: own.vendor,
        partner: merge(own.partner, reference.partner),
        distributor: merge(own.distributor, reference.distributor),
      };
    },
    vendor: (viewer: ViewerParent, _: unknown, ctx: Context) => (viewer.vendor ? ctx.loaders.vendorById.load(viewer.vendor.id) : null),
    slug: async (viewer: ViewerParent, _: unknown, ctx: Context) => (await organizationOf(viewer, ctx)).slug,
    name: async (viewer: ViewerParent, _: unknown, ctx: Context) => (await organizationOf(viewer, ctx)).name,
  },
};
