import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { recordChange } from '../../../common/audit';
import { BadUserInputError, ConflictError, isUniqueViolation } from '../../../common/errors';
import {
  countryCode,
  organizationName,
  organizationSlug,
  regionCode,
  type Organization,
  type OrganizationFields,
  type OrganizationOwner,
} from '../../../common/organizations';
import type { Partner, PartnerType, SalesMotion } from '../entities/partner';
import { allPartnersBySlug, insertPartner, partnerBySlug } from '../repositories/organizations';

const TYPES: readonly PartnerType[] = ['VAR', 'MSP', 'SI', 'REFERRAL', 'ISV'];
const MOTIONS: readonly SalesMotion[] = ['SELL_TO', 'SELL_THROUGH', 'SELL_WITH', 'HYBRID'];

function partnerTypes(values: readonly string[] | undefined): PartnerType[] {
  const types = [...new Set((values ?? []).map((value) => value.trim().toUpperCase()).filter(Boolean))];
  if (!types.length) throw new BadUserInputError('types', `is required: one or more of ${TYPES.join(', ')}, comma-separated.`);
  const unknown = types.find((type) => !TYPES.includes(type as PartnerType));
  if (unknown) throw new BadUserInputError('types', `"${unknown}" is not a partner type: use ${TYPES.join(', ')}.`);
  return types as PartnerType[];
}

function salesMotion(value: string | undefined): SalesMotion {
  const motion = (value ?? '').trim().toUpperCase();
  if (!MOTIONS.includes(motion as SalesMotion))
    throw new BadUserInputError(
      'motion',
      `${value === undefined ? 'is required' : `"${value}" is not a sales motion`}: one of ${MOTIONS.join(', ')}.`,
    );
  return motion as SalesMotion;
}

const organization = (partner: Partner): Organization => ({
  id: partner.id,
  role: 'PARTNER',
  slug: partner.slug,
  name: partner.name,
  createdAt: partner.createdAt,
});

/** What an operator gives for a partner (npm run org -- create --role PARTNER). */
export const PARTNER_FIELDS: OrganizationFields = { required: ['slug', 'name', 'country', 'region', 'types', 'motion'], optional: [] };

/** Partners as operators create and list them (npm run org), in the partner subgraph's schema. */
export function partnerOrganizations(ds: DataSource): OrganizationOwner {
  return {
    role: 'PARTNER',
    fields: PARTNER_FIELDS,
    async create(input, operator, alongside) {
      const row = {
        id: randomUUID(),
        slug: organizationSlug(input.slug),
        name: organizationName(input.name),
        country: countryCode('country', input.country),
        region: regionCode('region', input.region),
        types: partnerTypes(input.types),
        salesMotion: salesMotion(input.motion),
      };
      try {
        return await ds.transaction(async (manager) => {
          const partner = await insertPartner(manager, row);
          await recordChange(
            manager,
            { subject: operator, role: 'PARTNER', organizationId: partner.id },
            {
              entityType: 'Partner',
              entityId: partner.id,
              action: 'CREATED',
              before: null,
              after: {
                slug: row.slug,
                name: row.name,
                country: row.country,
                region: row.region,
                types: row.types.join(','),
                motion: row.salesMotion,
              },
            },
          );
          const created = organization(partner);
          await alongside?.(manager, created);
          return created;
        });
      } catch (error) {
        if (isUniqueViolation(error, ['partners_slug_key'])) throw new ConflictError(`A partner with slug "${row.slug}" already exists.`);
        throw error;
      }
    },
    bySlug: async (slug) => {
      const partner = await partnerBySlug(ds, slug);
      return partner && organization(partner);
    },
    list: async () => (await allPartnersBySlug(ds)).map(organization),
  };
}
