import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../../common/errors';
import {
  countryCode,
  organizationName,
  organizationOwner,
  organizationSlug,
  regionCode,
  type OrganizationFields,
  type OrganizationOwner,
} from '../../../common/organizations';
import type { PartnerType, SalesMotion } from '../entities/partner';
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

/** What an operator gives for a partner (npm run org -- create --role PARTNER). */
export const PARTNER_FIELDS: OrganizationFields = { required: ['slug', 'name', 'country', 'region', 'types', 'motion'], optional: [] };

/** Partners as operators create and list them (npm run org), in the partner subgraph's schema. */
export function partnerOrganizations(ds: DataSource): OrganizationOwner {
  return organizationOwner(ds, {
    role: 'PARTNER',
    entityType: 'Partner',
    fields: PARTNER_FIELDS,
    slugConstraint: 'partners_slug_key',
    row: (input) => ({
      id: randomUUID(),
      slug: organizationSlug(input.slug),
      name: organizationName(input.name),
      country: countryCode('country', input.country),
      region: regionCode('region', input.region),
      types: partnerTypes(input.types),
      salesMotion: salesMotion(input.motion),
    }),
    snapshot: (row) => ({
      slug: row.slug,
      name: row.name,
      country: row.country,
      region: row.region,
      types: row.types.join(','),
      motion: row.salesMotion,
    }),
    insert: insertPartner,
    bySlug: partnerBySlug,
    list: allPartnersBySlug,
  });
}
