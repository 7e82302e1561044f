import type { DataSource } from 'typeorm';
import {
  countryCode,
  organizationName,
  organizationOwner,
  organizationSlug,
  websiteUrl,
  type OrganizationFields,
  type OrganizationOwner,
} from '../../../common/organizations';
import { currencyCode } from '../../../common/validation';
import { allVendorsBySlug, insertVendor, vendorBySlug } from '../repositories/organizations';

/** What an operator gives for a vendor (npm run org -- create --role VENDOR). */
export const VENDOR_FIELDS: OrganizationFields = { required: ['slug', 'name', 'country'], optional: ['website', 'currency'] };

/** Vendors as operators create and list them (npm run org), in the vendor subgraph's schema. */
export function vendorOrganizations(ds: DataSource): OrganizationOwner {
  return organizationOwner(ds, {
    role: 'VENDOR',
    entityType: 'Vendor',
    fields: VENDOR_FIELDS,
    slugConstraint: 'vendors_slug_key',
    row: (input) => ({
      slug: organizationSlug(input.slug),
      name: organizationName(input.name),
      headquartersCountry: countryCode('country', input.country),
      website: input.website === undefined ? null : websiteUrl('website', input.website),
      // Prices, programs and incentives are in it; USD unless the operator says otherwise.
      currency: input.currency === undefined ? 'USD' : currencyCode('currency', input.currency),
    }),
    snapshot: (row) => ({ slug: row.slug, name: row.name, country: row.headquartersCountry, website: row.website, currency: row.currency }),
    insert: insertVendor,
    bySlug: vendorBySlug,
    list: allVendorsBySlug,
  });
}
