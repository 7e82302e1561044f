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
import { insertMember } from '../common/members/repository';
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

const OWNER_SUBGRAPH: Record<Role, SubgraphName> = { VENDOR: 'vendor', PARTNER: 'partner', DISTRIBUTOR: 'distributor' };

const OWNER: Record<Role, (databases: OrganizationDatabases) => OrganizationOwner> = {
  VENDOR: (databases) => vendorOrganizations(databases.vendor),
  PARTNER: (databases) => partnerOrganizations(databases.partner),
  DISTRIBUTOR: (databases) => distributorOrganizations(databases.distributor),
};

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
  const created = await owner.create({ ...input, slug }, operator);
  // The organization's first ADMIN (issue 14), the subject organizationToken signs in: the gateway admits only ACTIVE
  // members. Its e-mail is a placeholder until the CLI takes --admin-email; it is written after the organization,
  // not in its transaction (a failure here leaves an organization without members, to be retried by hand).
  await insertMember(databases[OWNER_SUBGRAPH[role]], {
    organizationId: created.id,
    subject: `user:${created.slug}`,
    name: `${created.name} admin`,
    email: `admin@${created.slug}.invalid`,
    groups: ['ADMIN'],
    status: 'ACTIVE',
  });
  return created;
}

/** A development token for the organization, signed in as its first person (user:<slug>, as the demo's admins). */
export function organizationToken(config: Config, organization: Organization, expiresIn = '12h'): Promise<string> {
  return issueDevelopmentToken(config, { subject: `user:${organization.slug}`, role: organization.role, organizationId: organization.id, expiresIn });
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
