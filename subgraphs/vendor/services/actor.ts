import type { EntityManager } from 'typeorm';
import { ForbiddenError } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import { isUuid } from '../../../common/ids';
import { Vendor } from '../entities';

/** The calling vendor's id; a caller of another role (or without a vendor id) is FORBIDDEN. Resolvers check this too. */
export function requireVendor(identity: Identity, action: string): string {
  if (identity.role !== 'VENDOR' || !isUuid(identity.organizationId)) {
    throw new ForbiddenError(`Only a vendor may ${action}; you are signed in as ${identity.role}.`);
  }
  return identity.organizationId.toLowerCase();
}

/** The calling vendor's row (its currency is the currency of its programs, incentives and partnerships). */
export async function actingVendor(manager: EntityManager, identity: Identity, action: string): Promise<Vendor> {
  const id = requireVendor(identity, action);
  const vendor = await manager.getRepository(Vendor).findOne({ where: { id } });
  if (!vendor) throw new ForbiddenError(`Your organization ${id} is not a vendor of this channel graph, so it may not ${action}.`);
  return vendor;
}
