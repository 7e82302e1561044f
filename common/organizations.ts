import type { DataSource, EntityManager } from 'typeorm';
import { recordChange, type Snapshot } from './audit';
import { BadUserInputError, ConflictError, isUniqueViolation } from './errors';
import { COUNTRIES, REGIONS } from './segments';
import type { Role } from './identity';
import { requiredText } from './validation';

/**
 * Organizations as the operators create them (npm run org): each subgraph owns one role's organizations and writes
 * them with its own code (subgraphs/<name>/services/organizations.ts); tooling/organizations.ts picks the owner.
 */

/** One organization as the operators' CLI lists it. */
export interface Organization {
  id: string;
  role: Role;
  slug: string;
  name: string;
  createdAt: Date;
}

/**
 * What an operator may give on the command line, as text. Each role reads the fields it stores and refuses the
 * others (OrganizationOwner.fields), so a value is never silently dropped.
 */
export interface OrganizationInput {
  slug?: string;
  name?: string;
  country?: string;
  website?: string;
  currency?: string;
  region?: string;
  countries?: readonly string[];
  types?: readonly string[];
  motion?: string;
}

export type OrganizationField = keyof OrganizationInput;

/** The fields a role stores, required ones first; anything else given is refused. */
export interface OrganizationFields {
  required: OrganizationField[];
  optional: OrganizationField[];
}

/** The operations a subgraph offers for the organizations it owns (no request, no caller: operators only). */
export interface OrganizationOwner {
  role: Role;
  fields: OrganizationFields;
  /**
   * Validates and inserts in one transaction, with a CREATED change in the audit trail; a taken slug is CONFLICT.
   * `alongside` runs in that transaction (the operators' CLI writes the first ADMIN there): if it fails, nothing is written.
   */
  create(
    input: OrganizationInput,
    operator: string,
    alongside?: (manager: EntityManager, created: Organization) => Promise<void>,
  ): Promise<Organization>;
  /** The organization with this slug, or null. */
  bySlug(slug: string): Promise<Organization | null>;
  /** Every organization of the role, by slug. */
  list(): Promise<Organization[]>;
}

/** What the subgraph that owns a role's organizations declares: its row, how it is validated, stored and audited. */
export interface OrganizationTable<
  Row extends { slug: string; name: string },
  Stored extends { id: string; slug: string; name: string; createdAt: Date },
> {
  role: Role;
  /** The audit trail's entity type and the word in messages: 'Vendor', 'Partner', 'Distributor'. */
  entityType: string;
  fields: OrganizationFields;
  /** The unique constraint on the slug: a violation of it is CONFLICT. */
  slugConstraint: string;
  /** Validates the operator's input into the row to insert; throws BadUserInputError. */
  row(input: OrganizationInput): Row;
  /** The row as the audit trail's CREATED entry shows it. */
  snapshot(row: Row): Snapshot;
  insert(manager: EntityManager, row: Row): Promise<Stored>;
  bySlug(ds: DataSource, slug: string): Promise<Stored | null>;
  list(ds: DataSource): Promise<Stored[]>;
}

/**
 * One role's organizations as operators create and list them, in the owning subgraph's schema: the row validated
 * first (a bad value writes nothing), inserted with its CREATED change and `alongside` in one transaction.
 */
export function organizationOwner<
  Row extends { slug: string; name: string },
  Stored extends { id: string; slug: string; name: string; createdAt: Date },
>(ds: DataSource, table: OrganizationTable<Row, Stored>): OrganizationOwner {
  const organization = (stored: Stored): Organization => ({
    id: stored.id,
    role: table.role,
    slug: stored.slug,
    name: stored.name,
    createdAt: stored.createdAt,
  });
  return {
    role: table.role,
    fields: table.fields,
    async create(input, operator, alongside) {
      const row = table.row(input);
      try {
        return await ds.transaction(async (manager) => {
          const stored = await table.insert(manager, row);
          await recordChange(
            manager,
            { subject: operator, role: table.role, organizationId: stored.id },
            { entityType: table.entityType, entityId: stored.id, action: 'CREATED', before: null, after: table.snapshot(row) },
          );
          const created = organization(stored);
          await alongside?.(manager, created);
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error, [table.slugConstraint]))
          throw new ConflictError(`A ${table.entityType.toLowerCase()} with slug "${row.slug}" already exists.`);
        throw error;
      }
    },
    bySlug: async (slug) => {
      const stored = await table.bySlug(ds, slug);
      return stored && organization(stored);
    },
    list: async () => (await table.list(ds)).map(organization),
  };
}

/** Longest slug any subgraph's table accepts (distributors_slug_format). */
export const SLUG_MAX = 63;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A slug: lower-case letters and digits in words joined by single hyphens, at most SLUG_MAX characters. */
export function organizationSlug(value: unknown): string {
  if (typeof value !== 'string' || !value.trim())
    throw new BadUserInputError('slug', 'is required: a short name for URLs and tokens, such as "acme-cloud".');
  const slug = value.trim();
  if (slug.length > SLUG_MAX) throw new BadUserInputError('slug', `must be at most ${SLUG_MAX} characters, got ${slug.length}.`);
  if (!SLUG.test(slug))
    throw new BadUserInputError(
      'slug',
      `"${slug}" is not a slug: use lower-case letters and digits, words joined by single hyphens (such as "acme-cloud").`,
    );
  return slug;
}

export const organizationName = (value: unknown): string => requiredText('name', value);

/** An ISO 3166-1 alpha-2 country code, upper case. */
export function countryCode(field: string, value: unknown): string {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!COUNTRIES.has(code))
    throw new BadUserInputError(field, `"${String(value ?? '')}" is not an ISO 3166-1 alpha-2 country code (such as DE, US).`);
  return code;
}

/** One of the sales regions. */
export function regionCode(field: string, value: unknown): string {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!REGIONS.has(code)) throw new BadUserInputError(field, `"${String(value ?? '')}" is not a region: one of ${[...REGIONS].join(', ')}.`);
  return code;
}

/** A website: an http(s) URL with a host. */
export function websiteUrl(field: string, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname)
    throw new BadUserInputError(field, `"${text}" is not a website: give an http:// or https:// URL, such as https://acme.example.`);
  return text;
}
