import type { Role } from '../../common/identity';
import type { SignInChoice } from '../../gateway/ide/sign-in';
import { demoOrganizations } from './catalog';
import { adminSubject, demoMembers } from './members';

const GROUPS: Record<Role, string> = { VENDOR: 'Vendors', PARTNER: 'Partners', DISTRIBUTOR: 'Distributors' };

/**
 * Whom the development IDE's picker offers: every demo organization as its ADMIN (user:<slug>, as `npm run token --
 * --org` issues), then the demo people of DESIGN.md §6, one group per organization (id "<org slug>/<name>").
 */
export function demoSignInChoices(): SignInChoice[] {
  const organizations = demoOrganizations().map((org) => ({
    id: org.slug,
    label: `${org.name} (${org.slug})`,
    group: GROUPS[org.role],
    claims: { subject: adminSubject(org.slug), role: org.role, organizationId: org.id },
  }));
  const names = new Map(demoOrganizations().map((org) => [org.slug, org.name]));
  const people = demoMembers()
    .filter((member) => member.subject !== adminSubject(member.organizationSlug))
    .map((member) => ({
      id: `${member.organizationSlug}/${/^user:([^@]+)@/.exec(member.subject)![1]}`,
      label: `${member.name}, ${member.groups.join(' + ')} (${member.subject})`,
      group: `${names.get(member.organizationSlug)} members`,
      claims: { subject: member.subject, role: member.role, organizationId: member.organizationId },
    }));
  return [...organizations, ...people];
}
