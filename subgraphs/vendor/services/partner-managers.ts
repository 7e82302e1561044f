import type { DataSource } from 'typeorm';
import { recordChange } from '../../../common/audit';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../../common/errors';
import { organizationOf, type Identity } from '../../../common/identity';
import { memberBySubject } from '../../../common/members/repository';
import { memberSubject } from '../../../common/members/validation';
import { requireAction } from '../../../common/permissions';
import { idOrNull } from '../../../common/validation';
import type { Partnership } from '../entities';
import { lockVendorMember, setPartnershipManager } from '../repositories/partner-managers';
import { lockPartnershipInScope, partnershipById } from '../repositories/partnerships';
import { ownPartnershipScope } from '../scope';

/**
 * The trail of a partnership's manager (who, when, from → to): kept apart from the partnership's own trail
 * ('Partnership', which both sides read), so the partner never reads the vendor's people; the vendor's
 * Partnership.history shows both, in time order.
 */
export const MANAGER_TRAIL = 'PartnershipManager';

export interface AssignPartnerManagerArgs {
  partnershipId: string;
  expectedVersion?: number | null;
  managerSubject?: string | null;
}

function onlyAdmins(): ForbiddenError {
  return new ForbiddenError("Only an ADMIN of the vendor may assign partner managers; ask one of your organization's ADMINs.");
}

/**
 * assignPartnerManager: the vendor's ADMIN assigns one of its partnerships (any status: an application is decided by
 * its manager) to an ACTIVE member of the vendor with the group PARTNER_MANAGER, or unassigns it (managerSubject null).
 * One transaction: the caller checked an ACTIVE ADMIN in the directory (not the token's groups, which may be seconds
 * old), the partnership locked in the vendor's scope (another vendor's, or an unknown id, is NOT_FOUND), its version
 * checked when expectedVersion is given, the member share-locked and checked, the change in the vendor-only trail.
 * Assigning the manager it already has changes nothing and writes nothing.
 *
 * It does not bump Partnership.version: the version is the two sides' (the partner reads it and passes it to its own
 * acts), and who manages the partnership on the vendor's side is not the partner's to see; a bump would show it that
 * something changed and refuse its next act as stale for a change it cannot read. Concurrent assignments take turns
 * on the row lock, each recording the manager it really replaced.
 */
export async function assignPartnerManager(ds: DataSource, identity: Identity, args: AssignPartnerManagerArgs): Promise<Partnership> {
  requireAction(identity, 'assignPartnerManager');
  const vendorId = organizationOf(identity);
  const expectedVersion = args.expectedVersion ?? null;
  if (expectedVersion !== null && (!Number.isInteger(expectedVersion) || expectedVersion < 1))
    throw new BadUserInputError('expectedVersion', 'must be the version you read (a whole number from 1), or left out; read the partnership again.');
  const subject = args.managerSubject === null || args.managerSubject === undefined ? null : memberSubject('managerSubject', args.managerSubject);
  const id = idOrNull(args.partnershipId);
  if (!vendorId) throw onlyAdmins();
  return ds.transaction(async (manager) => {
    const caller = await memberBySubject(manager, vendorId, identity.subject);
    if (!(caller?.status === 'ACTIVE' && caller.groups.includes('ADMIN'))) throw onlyAdmins();
    const partnership = id ? await lockPartnershipInScope(manager, id, ownPartnershipScope(identity)) : null;
    if (!partnership) throw new NotFoundError('Partnership', args.partnershipId);
    if (expectedVersion !== null && partnership.version !== expectedVersion)
      throw new ConflictError(
        `Partnership ${partnership.id} is at version ${partnership.version}, not ${expectedVersion}: it changed since you read it (now ${partnership.status}); read it again and assign.`,
      );
    if (subject !== null) {
      const member = await lockVendorMember(manager, vendorId, subject);
      // a member of another organization reads exactly as no member at all
      if (!member) throw new BadUserInputError('managerSubject', `no member of your organization has the subject "${subject}": see Query.members.`);
      if (member.status !== 'ACTIVE')
        throw new BadUserInputError('managerSubject', `${subject} is ${member.status}: only an ACTIVE member can manage partnerships.`);
      if (!member.groups.includes('PARTNER_MANAGER'))
        throw new BadUserInputError(
          'managerSubject',
          `${subject} is not in the group PARTNER_MANAGER (groups: ${member.groups.join(', ')}): add the group with updateMember first.`,
        );
    }
    if (partnership.managerSubject === subject) return partnership;
    await setPartnershipManager(manager, partnership.id, subject);
    await recordChange(manager, identity, {
      entityType: MANAGER_TRAIL,
      entityId: partnership.id,
      action: subject === null ? 'MANAGER_UNASSIGNED' : 'MANAGER_ASSIGNED',
      before: { manager: partnership.managerSubject },
      after: { manager: subject },
    });
    return partnershipById(manager, partnership.id);
  });
}
