import type { DataSource } from 'typeorm';
import { recordChange, type Snapshot } from '../../../common/audit';
import { BadUserInputError, NotFoundError } from '../../../common/errors';
import { organizationOf } from '../../../common/identity';
import { requireAction } from '../../../common/permissions';
import type { Caller } from '../../../common/scope';
import { COUNTRIES, PARTNER_TYPES, REGIONS } from '../../../common/segments';
import type { Partner, PartnerType, SalesMotion } from '../entities/partner';
import { lockPartner, writeProfile, type Profile } from '../repositories/profile-writes';
import { website } from './website';

export interface UpdatePartnerProfileInput {
  types?: PartnerType[] | null;
  salesMotion?: SalesMotion | null;
  region?: string | null;
  country?: string | null;
  website?: string | null;
}

const SALES_MOTIONS: readonly SalesMotion[] = ['SELL_TO', 'SELL_THROUGH', 'SELL_WITH', 'HYBRID'];
const TYPE_ORDER = [...PARTNER_TYPES] as PartnerType[];

/** A field the profile cannot be without: given as null it is refused rather than read as "unchanged". */
function present<T>(field: string, value: T | null): T {
  if (value === null) throw new BadUserInputError(field, 'cannot be removed from a profile: leave it out to keep it as it is.');
  return value;
}

/** Distinct known types, at least one, in the usual order (so the same set always reads the same). */
export function partnerTypes(field: string, values: readonly string[]): PartnerType[] {
  values.forEach((value, index) => {
    if (!PARTNER_TYPES.has(value))
      throw new BadUserInputError(`${field}[${index}]`, `"${value}" is not a partner type: one of ${TYPE_ORDER.join(', ')}.`);
  });
  if (values.length === 0) throw new BadUserInputError(field, `must name at least one partner type: ${TYPE_ORDER.join(', ')}.`);
  return TYPE_ORDER.filter((type) => values.includes(type));
}

function label(field: string, value: string, known: ReadonlySet<string>, describe: string): string {
  const text = value.trim().toUpperCase();
  if (!known.has(text)) throw new BadUserInputError(field, `"${value}" is not ${describe}.`);
  return text;
}

/** The profile after the input, each field checked; fields left out keep their value. */
export function changedProfile(current: Profile, input: UpdatePartnerProfileInput): Profile {
  const given = (key: keyof UpdatePartnerProfileInput) => input[key] !== undefined;
  if (!(['types', 'salesMotion', 'region', 'country', 'website'] as const).some(given))
    throw new BadUserInputError('input', 'names nothing to change: give at least one of types, salesMotion, region, country, website.');
  const next = { ...current };
  if (given('types')) next.types = partnerTypes('input.types', present('input.types', input.types!));
  if (given('salesMotion')) {
    const motion = present('input.salesMotion', input.salesMotion!);
    if (!SALES_MOTIONS.includes(motion))
      throw new BadUserInputError('input.salesMotion', `"${motion}" is not a sales motion: one of ${SALES_MOTIONS.join(', ')}.`);
    next.salesMotion = motion;
  }
  if (given('region'))
    next.region = label('input.region', present('input.region', input.region!), REGIONS, `a region: one of ${[...REGIONS].join(', ')}`);
  if (given('country'))
    next.country = label('input.country', present('input.country', input.country!), COUNTRIES, 'an ISO 3166-1 alpha-2 country code such as DE or US');
  if (given('website')) next.website = website('input.website', input.website!);
  return next;
}

/** The profile as the audit trail shows it. */
export const profileSnapshot = (profile: Profile): Snapshot => ({
  types: profile.types.join(','),
  salesMotion: profile.salesMotion,
  region: profile.region,
  country: profile.country,
  website: profile.website,
});

const profileOf = (partner: Partner): Profile => ({
  types: partner.types,
  salesMotion: partner.salesMotion,
  region: partner.region,
  country: partner.country.trim(),
  website: partner.website,
});

/**
 * updatePartnerProfile: the partner changes its own profile (a partner has no other to change). In one transaction
 * its row is locked, the new profile written and the change kept in the audit trail; an update that changes nothing
 * writes nothing.
 */
export async function updatePartnerProfile(dataSource: DataSource, caller: Caller, input: UpdatePartnerProfileInput): Promise<Partner> {
  const { identity } = caller;
  requireAction(identity, 'updatePartnerProfile');
  const partnerId = organizationOf(identity);
  if (!partnerId) throw new NotFoundError('Partner', identity.organizationId);
  return dataSource.transaction(async (manager) => {
    const partner = await lockPartner(manager, partnerId);
    if (!partner) throw new NotFoundError('Partner', identity.organizationId);
    const before = profileOf(partner);
    const after = changedProfile(before, input);
    const [was, is] = [profileSnapshot(before), profileSnapshot(after)];
    if (JSON.stringify(was) === JSON.stringify(is)) return partner;
    await writeProfile(manager, partnerId, after);
    await recordChange(manager, identity, { entityType: 'Partner', entityId: partnerId, action: 'UPDATED', before: was, after: is });
    return { ...partner, ...after };
  });
}
