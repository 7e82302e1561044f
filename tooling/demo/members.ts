import { stableId } from '../../common/ids';
import type { MemberGroup, MemberStatus } from '../../common/members/groups';
import type { Role } from '../../common/identity';
import { demoOrganizations, type DemoOrganization } from './catalog';

export interface DemoMember {
  id: string;
  organizationId: string;
  organizationSlug: string;
  role: Role;
  subject: string;
  name: string;
  email: string;
  groups: MemberGroup[];
  status: MemberStatus;
}

/** The subject of an organization's demo ADMIN: what `npm run token -- --org <slug>` signs (DESIGN.md §6). */
export const adminSubject = (slug: string): string => `user:${slug}`;

/** The demo people of DESIGN.md §6 beyond each organization's ADMIN: [org slug, first name, full name, groups]. */
const PEOPLE: [string, string, string, MemberGroup[]][] = [
  ['northwind-cloud', 'pat', 'Pat Morgan', ['PARTNER_MANAGER']],
  ['northwind-cloud', 'quinn', 'Quinn Okafor', ['PARTNER_MANAGER']],
  ['northwind-cloud', 'fran', 'Fran Weber', ['FINANCE']],
  // not in DESIGN.md §6's list: the demo's only ANALYST, so every group has a person to sign in as
  ['northwind-cloud', 'lee', 'Lee Tanaka', ['ANALYST']],
  ['bluepeak-it', 'sam', 'Sam Keller', ['SALES']],
  ['bluepeak-it', 'alex', 'Alex Romero', ['SALES']],
  ['bluepeak-it', 'mo', 'Mo Haddad', ['MARKETING']],
  ['tessera-distribution', 'dana', 'Dana Petrov', ['DEAL_DESK']],
  ['tessera-distribution', 'cy', 'Cy Laurent', ['CREDIT']],
];

export function demoMember(org: DemoOrganization, subject: string, name: string, email: string, groups: MemberGroup[]): DemoMember {
  return {
    id: stableId('member', org.slug, subject),
    organizationId: org.id,
    organizationSlug: org.slug,
    role: org.role,
    subject,
    name,
    email,
    groups,
    status: 'ACTIVE',
  };
}

/** Every demo organization's ADMIN at user:<slug>, then the people of §6 (subjects user:<name>@<org slug>), all ACTIVE. */
export function demoMembers(): DemoMember[] {
  const organizations = demoOrganizations();
  const bySlug = new Map(organizations.map((org) => [org.slug, org]));
  return [
    ...organizations.map((org) => demoMember(org, adminSubject(org.slug), `${org.name} admin`, `admin@${org.slug}.example`, ['ADMIN'])),
    ...PEOPLE.map(([slug, first, name, groups]) => {
      const org = bySlug.get(slug)!;
      return demoMember(org, `user:${first}@${slug}`, name, `${first}@${slug}.example`, groups);
    }),
  ];
}

export const MEMBER_COLUMNS = ['id', 'organization_id', 'subject', 'name', 'email', 'groups', 'status'];
export const memberRow = (m: DemoMember): unknown[] => [m.id, m.organizationId, m.subject, m.name, m.email, m.groups, m.status];
