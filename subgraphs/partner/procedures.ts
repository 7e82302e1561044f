import type { DataSource } from 'typeorm';
import type { Identity } from '../../common/identity';
import { isUuid } from '../../common/ids';

/**
 * Internal procedures of the partner context, called by peer subgraphs as the caller (POST /internal/<name>).
 * Each answers only what that caller may know, and treats input it cannot read as unknown ids.
 */

/** The caller's organization id as stored, or null when it cannot be an id. */
const organizationOf = (identity: Identity) => (isUuid(identity.organizationId) ? identity.organizationId.toLowerCase() : null);

/**
 * partnerExists {partnerId} → { exists }. A vendor may learn whether any partner exists (it enrolls partners it
 * does not have yet); a partner only about itself; a distributor learns nothing here (its network is built from
 * the vendor's enrollments, see the vendor's networkEligibility), so it is always told false.
 */
export async function partnerExists(dataSource: DataSource, identity: Identity, input: unknown): Promise<{ exists: boolean }> {
  const raw = (input as { partnerId?: unknown } | null)?.partnerId;
  if (typeof raw !== 'string' || !isUuid(raw.trim())) return { exists: false };
  const partnerId = raw.trim().toLowerCase();
  const organization = organizationOf(identity);
  if (!organization) return { exists: false };
  if (identity.role === 'PARTNER' && partnerId !== organization) return { exists: false };
  if (identity.role !== 'VENDOR' && identity.role !== 'PARTNER') return { exists: false };
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM partners WHERE id = $1', [partnerId]);
  return { exists: rows.length > 0 };
}

export const procedures = { partnerExists };
