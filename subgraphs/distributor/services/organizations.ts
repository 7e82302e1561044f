import type { DataSource } from 'typeorm';
import { recordChange } from '../../../common/audit';
import { ConflictError, isUniqueViolation } from '../../../common/errors';
import {
  countryCode,
  organizationName,
  organizationSlug,
  regionCode,
  type Organization,
  type OrganizationFields,
  type OrganizationOwner,
} from '../../../common/organizations';
import type { Distributor } from '../entities';
import { allDistributorsBySlug, distributorBySlug, insertDistributor } from '../repositories/organizations';

const organization = (distributor: Distributor): Organization => ({
  id: distributor.id,
  role: 'DISTRIBUTOR',
  slug: distributor.slug,
  name: distributor.name,
  createdAt: distributor.createdAt,
});

/** What an operator gives for a distributor (npm run org -- create --role DISTRIBUTOR). */
export const DISTRIBUTOR_FIELDS: OrganizationFields = { required: ['slug', 'name', 'region'], optional: ['countries'] };

/** Distributors as operators create and list them (npm run org), in the distributor subgraph's schema. */
export function distributorOrganizations(ds: DataSource): OrganizationOwner {
  return {
    role: 'DISTRIBUTOR',
    fields: DISTRIBUTOR_FIELDS,
    async create(input, operator, alongside) {
      const row = {
        slug: organizationSlug(input.slug),
        name: organizationName(input.name),
        region: regionCode('region', input.region),
        countries: [...new Set((input.countries ?? []).map((country, index) => countryCode(`countries[${index}]`, country)))],
      };
      try {
        return await ds.transaction(async (manager) => {
          const distributor = await insertDistributor(manager, row);
          await recordChange(
            manager,
            { subject: operator, role: 'DISTRIBUTOR', organizationId: distributor.id },
            {
              entityType: 'Distributor',
              entityId: distributor.id,
              action: 'CREATED',
              before: null,
              after: { slug: row.slug, name: row.name, region: row.region, countries: row.countries.join(',') },
            },
          );
          const created = organization(distributor);
          await alongside?.(manager, created);
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error, ['distributors_slug_key'])) throw new ConflictError(`A distributor with slug "${row.slug}" already exists.`);
        throw error;
      }
    },
    bySlug: async (slug) => {
      const distributor = await distributorBySlug(ds, slug);
      return distributor && organization(distributor);
    },
    list: async () => (await allDistributorsBySlug(ds)).map(organization),
  };
}
