import type { DataSource } from 'typeorm';
import { SUBGRAPHS, type Config, type SubgraphName } from '../common/config';
import { openDatabase } from '../common/db';
import { BadUserInputError, ConflictError } from '../common/errors';
import { ROLES, type Role } from '../common/identity';
import {
  organizationSlug,
  type Organization,
  type OrganizationField,
  type OrganizationFields,
  type OrganizationInput,
  type OrganizationOwner,
} from '../common/organizations';
import { createFirstAdmin } from '../common/members/first-admin';
import { MEMBER_OWNERS } from '../common/members/owners';
import { issueDevelopmentToken } from '../gateway/auth';
import { DISTRIBUTOR_FIELDS, distributorOrganizations } from '../subgraphs/distributor/services/organizations';
import { PARTNER_FIELDS, partnerOrganizations } from '../subgraphs/partner/services/organizations';
import { loadSubgraph } from '../subgraphs/registry';
import { VENDOR_FIELDS, vendorOrganizations } from '../subgraphs/vendor/services/organizations';

/**
 * The operators' side of organizations (npm run org, and the from-zero test through the same code): each role's
 * organizations are written by the subgraph that owns them, with that subgraph's validation and audit trail.
 */

/** Each subgraph's database, as its services open it. */
export type OrganizationDatabases = Record<SubgraphName, DataSource>;

const FIELDS: Record<Role, OrganizationFields> = { VENDOR: VENDOR_FIELDS, PARTNER: PARTNER_FIELDS, DISTRIBUTOR: DISTRIBUTOR_FIELDS };

const OWNER: Record<Role, (databases: OrganizationDatabases) => OrganizationOwner> = {
  VENDOR: (databases) => vendorOrganizations(databases.vendor),
  PARTNER: (databases) => partnerOrganizations(databases.partner),
  DISTRIBUTOR: (databases) => distributorOrganizations(databases.distributor),
};

/** The organization's first person, as the operator gives them (--admin-email, --admin-name, --admin-subject). */
export interface AdminInput {
  email?: string;
  /** Defaults to "<organization name> admin". */
  name?: string;
  /** The identity provider's subject; defaults to user:<slug>, the subject of the development tokens printed. */
  subject?: string;
}

/** The subject a development token signs in as when none is given: the default first ADMIN's. */
export const defaultAdminSubject = (slug: string): string => `user:${slug}`;

/** Who the audit trail names for an operator's change. */
export const operatorSubject = (name = process.env.USER): string => `operator:${name || 'cli'}`;

export function roleOf(value: unknown): Role {
  const role = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!(ROLES as readonly string[]).includes(role))
    throw new BadUserInputError('role', `${value === undefined ? 'is required' : `"${String(value)}" is not a role`}: one of ${ROLES.join(', ')}.`);
  return role as Role;
}

/** The organization any role holds under this slug, or null: a slug names one organization across the three. */
export async function findOrganization(databases: OrganizationDatabases, slug: string): Promise<Organization | null> {
  for (const role of ROLES) {
    const found = await OWNER[role](databases).bySlug(slug);
    if (found) return found;
  }
  return null;
}

/** Every organization: vendors, then partners, then distributors, each by slug. */
export async function listOrganizations(databases: OrganizationDatabases): Promise<Organization[]> {
  const lists = await Promise.all(ROLES.map((role) => OWNER[role](databases).list()));
  return lists.flat();
}

/** The fields a role takes, as the CLI names them, for messages and --help. */
export const fieldsOf = (role: Role): OrganizationFields => FIELDS[role];

/**
 * Creates an organization of `role` in the subgraph that owns it. Refused, with nothing written: a field the role
 * does not store (BAD_USER_INPUT, rather than dropping it), a bad value (BAD_USER_INPUT, by the owner's checks), a slug
 * any organization already has (CONFLICT). Two operators racing for one slug in two roles are not serialized: the
 * slug check and the insert are in different schemas (each table's unique slug still holds within its role).
 */
export async function createOrganization(
  databases: OrganizationDatabases,
  role: Role,
  input: OrganizationInput,
  admin: AdminInput,
  operator = operatorSubject(),
): Promise<Organization> {
  const owner = OWNER[role](databases);
  const accepted = [...owner.fields.required, ...owner.fields.optional];
  const extra = (Object.keys(input) as OrganizationField[]).find((field) => input[field] !== undefined && !accepted.includes(field));
  if (extra) throw new BadUserInputError(extra, `is not stored for a ${role} organization; a ${role} takes ${accepted.join(', ')}.`);
  const slug = organizationSlug(input.slug);
  const taken = await findOrganization(databases, slug);
  if (taken)
    throw new ConflictError(
      `The slug "${slug}" is taken by the ${taken.role} "${taken.name}" (${taken.id}): a slug names one organization across vendors, partners and distributors; choose another.`,
    );
  // The first ADMIN (issue 14) in the organization's own transaction: the gateway admits only ACTIVE members, so an
  // organization without one could never be used; a bad --admin-* value refuses the whole create, writing nothing.
  return owner.create({ ...input, slug }, operator, async (manager, created) => {
    await createFirstAdmin(
      manager,
      MEMBER_OWNERS[role],
      created.id,
      { email: admin.email, name: admin.name ?? `${created.name} admin`, subject: admin.subject ?? defaultAdminSubject(created.slug) },
      operator,
    );
  });
}

/**
 * The first ADMIN of an organization that has no members: organizations created before members existed (an upgraded
 * deployment) admit no token until an operator gives each one (`npm run org -- admin <slug> --admin-email …`).
 * Refused (CONFLICT) once the organization has any member; an unknown slug is refused by the caller.
 */
export function addFirstAdmin(databases: OrganizationDatabases, organization: Organization, admin: AdminInput, operator = operatorSubject()) {
  return createFirstAdmin(
    databases[MEMBER_OWNERS[organization.role].subgraph],
    MEMBER_OWNERS[organization.role],
    organization.id,
    { email: admin.email, name: admin.name ?? `${organization.name} admin`, subject: admin.subject ?? defaultAdminSubject(organization.slug) },
    operator,
  );
}

/** A development token for the organization, signed in as `subject` (by default its first ADMIN's, user:<slug>, as the demo's admins). */
export function organizationToken(
  config: Config,
  organization: Organization,
  expiresIn = '12h',
  subject = defaultAdminSubject(organization.slug),
): Promise<string> {
  return issueDevelopmentToken(config, { subject, role: organization.role, organizationId: organization.id, expiresIn });
}

/** Opens every subgraph's database (pending migrations applied first, as `npm run db -- migrate`), runs `work`, closes them. */
export async function withOrganizationDatabases<T>(
  databaseUrls: Record<SubgraphName, string>,
  work: (databases: OrganizationDatabases) => Promise<T>,
): Promise<T> {
  const databases = {} as OrganizationDatabases;
  try {
    for (const name of SUBGRAPHS) databases[name] = await openDatabase((await loadSubgraph(name)).databaseOptions(databaseUrls[name]));
    return await work(databases);
  } finally {
    await Promise.all(Object.values(databases).map((ds) => ds.destroy()));
  }
}
