import type { Role } from '../../common/identity';
import type { SignInChoice } from '../../gateway/ide/sign-in';
import { demoOrganizations } from './catalog';

const GROUPS: Record<Role, string> = { VENDOR: 'Vendors', PARTNER: 'Partners', DISTRIBUTOR: 'Distributors' };

/**
 * Whom the development IDE's picker offers: every demo organization (a user of it, as `npm run token -- --org` issues).
 * Hook for DESIGN.md §6: when demo members exist, add a choice per member here (id "<org slug>/<member>", the
 * member's subject, group e.g. "BluePeak IT members"); the picker and the token endpoint need no other change.
 */
export function demoSignInChoices(): SignInChoice[] {
  return demoOrganizations().map((org) => ({
    id: org.slug,
    label: `${org.name} (${org.slug})`,
    group: GROUPS[org.role],
    claims: { subject: `user:${org.slug}`, role: org.role, organizationId: org.id },
  }));
}
