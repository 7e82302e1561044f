import type { Identity, Role } from './identity';

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
 * `me` from the signed identity alone: its organization is a stub of the entity its role names. Query.me and the
 * Viewer fields it carries are @shareable, so they must answer the same in each subgraph: nothing here reads data.
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
