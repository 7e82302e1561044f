import type { DataSource } from 'typeorm';
import {
  countryCode,
  organizationName,
  organizationOwner,
  organizationSlug,
  regionCode,
  type OrganizationFields,
  type OrganizationOwner,
} from '../../../common/organizations';
import { allDistributorsBySlug, distributorBySlug, insertDistributor } from '../repositories/organizations';

/** What an operator gives for a distributor (npm run org -- create --role DISTRIBUTOR). */
export const DISTRIBUTOR_FIELDS: OrganizationFields = { required: ['slug', 'name', 'region'], optional: ['countries'] };

/** Distributors as operators create and list them (npm run org), in the distributor subgraph's schema. */
export function distributorOrganizations(ds: DataSource): OrganizationOwner {
  return organizationOwner(ds, {
    role: 'DISTRIBUTOR',
    entityType: 'Distributor',
    fields: DISTRIBUTOR_FIELDS,
    slugConstraint: 'distributors_slug_key',
    row: (input) => ({
      slug: organizationSlug(input.slug),
      name: organizationName(input.name),
      region: regionCode('region', input.region),
      countries: [...new Set((input.countries ?? []).map((country, index) => countryCode(`countries[${index}]`, country)))],
    }),
    snapshot: (row) => ({ slug: row.slug, name: row.name, region: row.region, countries: row.countries.join(',') }),
    insert: insertDistributor,
    bySlug: distributorBySlug,
    list: allDistributorsBySlug,
  });
}
