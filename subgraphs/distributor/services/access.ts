import type { DataSource } from 'typeorm';
import { ForbiddenError } from '../../../common/errors';
import { isUuid } from '../../../common/ids';
import type { Identity } from '../../../common/identity';
import { findDistributorsByIds } from '../repositories/distributors';

/** The distributor a mutation acts for: the caller's own organization. */
export interface ActingDistributor {
  id: string;
  slug: string;
}

/** Defence in depth (the gateway already allows these mutations to distributors only): a wrong role is FORBIDDEN. */
export function requireDistributorRole(identity: Identity, action: string): void {
  if (identity.role !== 'DISTRIBUTOR') {
    throw new ForbiddenError(`Only a distributor can ${action}; you are signed in for a ${identity.role.toLowerCase()} organization.`);
  }
}

/** The caller's distributor, checked to exist; anything else is FORBIDDEN before any input is looked at. */
export async function actingDistributor(dataSource: DataSource, identity: Identity, action: string): Promise<ActingDistributor> {
  requireDistributorRole(identity, action);
  const [distributor] = isUuid(identity.organizationId) ? await findDistributorsByIds(dataSource, [identity.organizationId]) : [null];
  if (!distributor) throw new ForbiddenError(`Your organization is not a distributor of the channel graph, so it cannot ${action}.`);
  return { id: distributor.id, slug: distributor.slug };
}
