import { BadUserInputError } from '../errors';
import type { Role } from '../identity';
import { CONTROL_CHARACTERS, MAX_NAME, requiredText } from '../validation';
import { GROUPS_BY_ROLE, MEMBER_STATUSES, groupsOf, isGroupOf, type MemberGroup, type MemberStatus } from './groups';

/** Input checks of inviteMember and updateMember; pure. Each failure is BAD_USER_INPUT naming the field. */

export const MAX_EMAIL = 254;
export const MAX_SUBJECT = 255;
/** More groups than any role has is a mistake, not a wish. */
const MAX_GROUPS = 16;

/** One @, something on each side, no spaces: a mailbox a person can read back; the invitation proves it reaches someone. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function memberName(field: string, value: unknown): string {
  return requiredText(field, value, MAX_NAME);
}

/** Trimmed; compared case-insensitively (the unique index is on lower(email)), stored as written. */
export function memberEmail(field: string, value: unknown): string {
  const email = requiredText(field, value, MAX_EMAIL);
  if (!EMAIL.test(email)) throw new BadUserInputError(field, `"${email}" is not an e-mail address (name@example.com).`);
  return email;
}

/** The identity provider's subject: as the token carries it, so not trimmed or folded; no control characters. */
export function memberSubject(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new BadUserInputError(field, 'is required.');
  if (value.length > MAX_SUBJECT) throw new BadUserInputError(field, `must be at most ${MAX_SUBJECT} characters, got ${value.length}.`);
  if (CONTROL_CHARACTERS.test(value) || value.trim() !== value)
    throw new BadUserInputError(field, 'must not contain spaces at its ends or control characters.');
  return value;
}

/** The subject of an invited member when none is given: the convention of the development identity provider. */
export function defaultSubject(email: string): string {
  return `user:${email.toLowerCase()}`;
}

const roleHaving = (group: string): Role | undefined => (Object.keys(GROUPS_BY_ROLE) as Role[]).find((role) => isGroupOf(role, group));

/** At least one group, each of the caller's role, each once (in the table's order). */
export function memberGroups(field: string, role: Role, value: unknown): MemberGroup[] {
  if (!Array.isArray(value) || value.length === 0) throw new BadUserInputError(field, `must name at least one group: ${groupsOf(role).join(', ')}.`);
  if (value.length > MAX_GROUPS) throw new BadUserInputError(field, `must name at most ${MAX_GROUPS} groups, got ${value.length}.`);
  for (const group of value) {
    if (typeof group === 'string' && isGroupOf(role, group)) continue;
    const other = typeof group === 'string' ? roleHaving(group) : undefined;
    const why = other ? `is a group of ${other.toLowerCase()} organizations` : 'is not a group';
    throw new BadUserInputError(field, `"${String(group)}" ${why}; a ${role.toLowerCase()} member's groups are ${groupsOf(role).join(', ')}.`);
  }
  const wanted = new Set<string>(value);
  return groupsOf(role).filter((group) => wanted.has(group));
}

export function memberStatus(field: string, value: unknown): MemberStatus {
  if (typeof value === 'string' && (MEMBER_STATUSES as readonly string[]).includes(value)) return value as MemberStatus;
  throw new BadUserInputError(field, `must be one of ${MEMBER_STATUSES.join(', ')}.`);
}

/**
 * Which status changes updateMember makes: an invitation is accepted (ACTIVE) or withdrawn (DISABLED), a member is
 * disabled and enabled again; nobody goes back to INVITED (that would look like an invitation never answered).
 */
export function statusChange(field: string, from: MemberStatus, to: MemberStatus): MemberStatus {
  if (to === 'INVITED' && from !== 'INVITED')
    throw new BadUserInputError(field, `a ${from} member cannot become INVITED again; set ACTIVE or DISABLED.`);
  return to;
}
