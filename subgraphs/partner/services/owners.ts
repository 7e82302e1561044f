import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../../../common/errors';
import { MAX_SUBJECT } from '../../../common/members/validation';
import { requiredText } from '../../../common/validation';
import { lockMemberOf } from '../repositories/owners';

/** The groups a deal's or lead's owner must have one of: the people who work deals (DESIGN §6). */
export const OWNER_GROUPS: readonly string[] = ['SALES', 'ADMIN'];

/** The subject as given, checked for shape (the member itself is checked in the transaction, checkedOwner). */
export function ownerSubjectOf(value: unknown): string {
  return requiredText('ownerSubject', value, MAX_SUBJECT);
}

/**
 * The member who is to own a deal or lead of `partnerId`, held until the transaction ends: an ACTIVE member of that
 * partner in SALES or ADMIN. A subject of another organization reads like one that does not exist (the caller's own
 * directory is all it may know).
 */
export async function checkedOwner(manager: EntityManager, partnerId: string, subject: string): Promise<string> {
  const member = await lockMemberOf(manager, partnerId, subject);
  if (!member) throw new BadUserInputError('ownerSubject', `no member of your organization has the subject "${subject}" (Query.members lists them).`);
  if (member.status !== 'ACTIVE')
    throw new BadUserInputError('ownerSubject', `${member.name} (${subject}) is ${member.status}: only an ACTIVE member can own deals and leads.`);
  if (!member.groups.some((group) => OWNER_GROUPS.includes(group)))
    throw new BadUserInputError(
      'ownerSubject',
      `${member.name} (${subject}) is in ${member.groups.join(', ')}: an owner of deals and leads must be in SALES or ADMIN.`,
    );
  return member.subject;
}
