import type { Role } from '../identity';

/**
 * The groups a member of each role may have (DESIGN.md §6; names are API). One table: validation, the database's
 * CHECK, the SDL enum and later the rule tree read it, so a group cannot exist in one place and not another.
 */
export const GROUPS_BY_ROLE = {
  VENDOR: ['ADMIN', 'PARTNER_MANAGER', 'FINANCE', 'ANALYST'],
  PARTNER: ['ADMIN', 'SALES', 'MARKETING'],
  DISTRIBUTOR: ['ADMIN', 'DEAL_DESK', 'CREDIT'],
} as const satisfies Record<Role, readonly string[]>;

export type MemberGroup = (typeof GROUPS_BY_ROLE)[Role][number];

/** Every group name of any role, in table order, each once (the SDL enum MemberGroup). */
export const ALL_GROUPS: readonly MemberGroup[] = [...new Set(Object.values(GROUPS_BY_ROLE).flat())];

export const MEMBER_STATUSES = ['INVITED', 'ACTIVE', 'DISABLED'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** The group every organization keeps at least one ACTIVE member of. */
export const ADMIN: MemberGroup = 'ADMIN';

export function groupsOf(role: Role): readonly MemberGroup[] {
  return GROUPS_BY_ROLE[role];
}

export function isGroupOf(role: Role, group: string): group is MemberGroup {
  return (GROUPS_BY_ROLE[role] as readonly string[]).includes(group);
}
