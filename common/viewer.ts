import { isUuid } from './ids';
import { serve, type ServedProcedure } from './procedures/contract';
import { viewerOrganization, type OrganizationName } from './procedures/viewer';

import type { Identity, Role } from './identity';

export type { OrganizationName };

type Stub = { id: string };

/** The caller as a Viewer, as every subgraph that serves `me` answers it. */
export interface Viewer {
  id: string;
  role: Role;
  subject: string;
  vendor: Stub | null;
  partner: Stub | null;
  distributor: Stub | null;
}

/**
 * `me` from the signed identity alone: its organization is a stub of the entity its role names. Query.me and these
 * Viewer fields are @shareable, so every subgraph answers them alike: each from this, loading only the row of the entity
 * it owns (the vendor subgraph the vendor, …) and leaving the others as stubs for the gateway to resolve.
 */
export function viewerOf(identity: Identity): Viewer {
  const own = (role: Role): Stub | null => (identity.role === role ? { id: identity.organizationId } : null);
  return {
    id: identity.organizationId,
    role: identity.role,
    subject: identity.subject,
    vendor: own('VENDOR'),
    partner: own('PARTNER'),
    distributor: own('DISTRIBUTOR'),
  };
}

/** A Viewer as its resolvers receive it: the caller's own (viewerOf), or a reference to another id alone. */
export type ViewerParent = Partial<Viewer> & { id: string };

/** Viewer.__resolveReference in every subgraph: only the caller's own Viewer carries its organization; another id is that id alone. */
export const viewerReference = ({ id }: { id: string }, identity: Identity): ViewerParent =>
  id === identity.organizationId ? viewerOf(identity) : { id };

/** The procedure (POST /internal/viewerOrganization) by which the vendor subgraph asks a peer for a Viewer's slug and name. */
export const VIEWER_ORGANIZATION = viewerOrganization.name;

/**
 * Serves viewerOrganization from `table`, the organizations of `role` this subgraph owns, to a caller of that role only.
 * It answers Viewer.slug and Viewer.name for partners and distributors, which the vendor subgraph serves.
 */
export function serveViewerOrganization(role: Role, table: string): ServedProcedure {
  return serve(viewerOrganization, async (dataSource, identity) => {
    if (identity.role !== role || !isUuid(identity.organizationId)) return null;
    const rows: OrganizationName[] = await dataSource.query(`SELECT slug, name FROM ${table} WHERE id = $1`, [identity.organizationId.toLowerCase()]);
    return rows[0] ?? null;
  });
}
