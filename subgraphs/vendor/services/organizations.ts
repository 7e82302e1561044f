import type { DataSource } from 'typeorm';
import { recordChange } from '../../../common/audit';
import { ConflictError, isUniqueViolation } from '../../../common/errors';
import {
  countryCode,
  organizationName,
  organizationSlug,
  websiteUrl,
  type Organization,
  type OrganizationFields,
  type OrganizationOwner,
} from '../../../common/organizations';
import { currencyCode } from '../../../common/validation';
import type { Vendor } from '../entities';
import { allVendorsBySlug, insertVendor, vendorBySlug } from '../repositories/organizations';

const organization = (vendor: Vendor): Organization => ({
  id: vendor.id,
  role: 'VENDOR',
  slug: vendor.slug,
  name: vendor.name,
  createdAt: vendor.createdAt,
});

/** What an operator gives for a vendor (npm run org -- create --role VENDOR). */
export const VENDOR_FIELDS: OrganizationFields = { required: ['slug', 'name', 'country'], optional: ['website', 'currency'] };

/** Vendors as operators create and list them (npm run org), in the vendor subgraph's schema. */
export function vendorOrganizations(ds: DataSource): OrganizationOwner {
  return {
    role: 'VENDOR',
    fields: VENDOR_FIELDS,
    async create(input, operator, alongside) {
      const row = {
        slug: organizationSlug(input.slug),
        name: organizationName(input.name),
        headquartersCountry: countryCode('country', input.country),
        website: input.website === undefined ? null : websiteUrl('website', input.website),
        // Prices, programs and incentives are in it; USD unless the operator says otherwise.
        currency: input.currency === undefined ? 'USD' : currencyCode('currency', input.currency),
      };
      try {
        return await ds.transaction(async (manager) => {
          const vendor = await insertVendor(manager, row);
          await recordChange(
            manager,
            { subject: operator, role: 'VENDOR', organizationId: vendor.id },
            {
              entityType: 'Vendor',
              entityId: vendor.id,
              action: 'CREATED',
              before: null,
              after: { slug: row.slug, name: row.name, country: row.headquartersCountry, website: row.website, currency: row.currency },
            },
          );
          const created = organization(vendor);
          await alongside?.(manager, created);
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error, ['vendors_slug_key'])) throw new ConflictError(`A vendor with slug "${row.slug}" already exists.`);
        throw error;
      }
    },
    bySlug: async (slug) => {
      const vendor = await vendorBySlug(ds, slug);
      return vendor && organization(vendor);
    },
    list: async () => (await allVendorsBySlug(ds)).map(organization),
  };
}
