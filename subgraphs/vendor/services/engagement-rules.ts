import type { DataSource, EntityManager } from 'typeorm';
import { diff, recordChange, type Snapshot } from '../../../common/audit';
import { BadUserInputError, ConflictError, NotFoundError, isUniqueViolation } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import { parseAmount } from '../../../common/money';
import { requireAction } from '../../../common/permissions';
import { currencyCode, idOrNull, requiredText } from '../../../common/validation';
import { EngagementRule } from '../entities';
import { activeRuleNamed, insertRow, lockEngagementRule, lockVendor, transactionNow, updateRow } from '../repositories/catalog-writes';
import { actingVendor } from './actor';
import { moneyText, notCleared, requireRoom, timeText } from './catalog-limits';
import { CODE_MAX, COUNTRIES, REGIONS, type MoneyInput } from './input';

export interface AmountBandInput {
  min?: MoneyInput | null;
  max?: MoneyInput | null;
}

export interface CreateEngagementRuleInput {
  name: string;
  region?: string | null;
  country?: string | null;
  amountBand?: AmountBandInput | null;
  productCategory?: string | null;
}

export interface UpdateEngagementRuleInput extends Partial<CreateEngagementRuleInput> {
  id: string;
}

type Segment = Pick<EngagementRule, 'region' | 'country' | 'currency' | 'minAmountMinor' | 'maxAmountMinor' | 'productCategory'>;
type Band = Pick<EngagementRule, 'currency' | 'minAmountMinor' | 'maxAmountMinor'>;

const NAME_CONSTRAINTS = ['engagement_rules_vendor_active_name_key'];
const NO_BAND: Band = { currency: null, minAmountMinor: null, maxAmountMinor: null };

const duplicateName = (name: string) =>
  new ConflictError(`You already have an active engagement rule named "${name}" (names are compared without case): choose another name.`);

export const engagementRuleSnapshot = (r: EngagementRule): Snapshot => ({
  name: r.name,
  region: r.region,
  country: r.country,
  'amountBand.min': moneyText(r.minAmountMinor, r.currency),
  'amountBand.max': moneyText(r.maxAmountMinor, r.currency),
  productCategory: r.productCategory,
  retiredAt: timeText(r.retiredAt),
});

function region(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const given = typeof value === 'string' ? value.trim() : '';
  if (!REGIONS.has(given)) throw new BadUserInputError('input.region', `"${String(value)}" is not a region: one of ${[...REGIONS].join(', ')}.`);
  return given;
}

function country(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const given = typeof value === 'string' ? value.trim() : '';
  if (!COUNTRIES.has(given))
    throw new BadUserInputError('input.country', `"${String(value)}" is not an ISO 3166-1 alpha-2 country code such as DE or US (upper case).`);
  return given;
}

/** One end of a band: an exact amount in minor units, not negative. */
function bandEnd(field: string, end: MoneyInput): { minor: bigint; currency: string } {
  const currency = currencyCode(`${field}.currency`, end.currency);
  const minor = parseAmount(field, String(end.amount), currency);
  if (minor < 0n) throw new BadUserInputError(`${field}.amount`, 'must not be negative.');
  return { minor, currency };
}

/** At least min, below max, one currency; an open end is left out (not both). */
function band(value: AmountBandInput | null | undefined): Band {
  if (value === null || value === undefined) return NO_BAND;
  const min = value.min ? bandEnd('input.amountBand.min', value.min) : null;
  const max = value.max ? bandEnd('input.amountBand.max', value.max) : null;
  if (!min && !max) throw new BadUserInputError('input.amountBand', 'give min, max or both (or leave amountBand out for any amount).');
  if (min && max && min.currency !== max.currency)
    throw new BadUserInputError('input.amountBand.max.currency', `must be ${min.currency}, the currency of min: a band is in one currency.`);
  if (max && max.minor <= (min?.minor ?? 0n))
    throw new BadUserInputError(
      'input.amountBand.max.amount',
      `must be above ${min ? 'min' : 'zero'}: the band holds amounts at least min and below max.`,
    );
  return { currency: (min ?? max)!.currency, minAmountMinor: min?.minor.toString() ?? null, maxAmountMinor: max?.minor.toString() ?? null };
}

/** A category of the vendor's catalog (retired products included), as the catalog spells it: a typo would never match. */
async function category(manager: EntityManager, vendorId: string, value: unknown): Promise<string | null> {
  if (value === null || value === undefined) return null;
  const given = requiredText('input.productCategory', value, CODE_MAX);
  const rows: { category: string }[] = await manager.query(`SELECT DISTINCT category FROM products WHERE vendor_id = $1 ORDER BY 1`, [vendorId]);
  const known = rows.find((row) => row.category.toLowerCase() === given.toLowerCase());
  if (known) return known.category;
  const list = rows.length ? `one of ${rows.map((row) => row.category).join(', ')}` : 'your catalog has no products yet';
  throw new BadUserInputError('input.productCategory', `"${given}" is not a category of your products: ${list}.`);
}

/** A rule reserves a segment: at least one criterion, a region or a country (a country lies in one region). */
function checkSegment(segment: Segment): void {
  if (segment.region && segment.country)
    throw new BadUserInputError('input.country', 'a rule names a region or a country, not both: give the other as null (or leave it out).');
  if (!segment.region && !segment.country && !segment.currency && !segment.productCategory)
    throw new BadUserInputError(
      'input',
      'a rule needs at least one of region, country, amountBand, productCategory: without one it would reserve every deal.',
    );
}

/** createEngagementRule: a segment the vendor reserves; registrations in it from now on are flagged DIRECT_SEGMENT. */
export async function createEngagementRule(ds: DataSource, identity: Identity, input: CreateEngagementRuleInput): Promise<EngagementRule> {
  requireAction(identity, 'createEngagementRule');
  const name = requiredText('input.name', input.name);
  const segment: Omit<Segment, 'productCategory'> = { region: region(input.region), country: country(input.country), ...band(input.amountBand) };
  try {
    return await ds.transaction(async (manager) => {
      const vendor = await actingVendor(manager, identity, 'create engagement rules');
      const full: Segment = { ...segment, productCategory: await category(manager, vendor.id, input.productCategory) };
      checkSegment(full);
      await lockVendor(manager, vendor.id);
      const taken = await activeRuleNamed(manager, vendor.id, name);
      if (taken) throw duplicateName(taken.name);
      await requireRoom(manager, 'engagement_rules', vendor.id);
      const rule = await insertRow(manager, EngagementRule, { vendorId: vendor.id, name, ...full });
      await recordChange(manager, identity, {
        entityType: 'EngagementRule',
        entityId: rule.id,
        action: 'CREATED',
        before: null,
        after: engagementRuleSnapshot(rule),
      });
      return rule;
    });
  } catch (error) {
    if (isUniqueViolation(error, NAME_CONSTRAINTS)) throw duplicateName(name);
    throw error;
  }
}

/** updateEngagementRule: the fields given change (null clears a criterion); a retired rule → CONFLICT, another vendor's → NOT_FOUND. */
export async function updateEngagementRule(ds: DataSource, identity: Identity, input: UpdateEngagementRuleInput): Promise<EngagementRule> {
  requireAction(identity, 'updateEngagementRule');
  notCleared(input as unknown as Record<string, unknown>, ['name']);
  const changes: Partial<EngagementRule> = {};
  if (input.name !== undefined) changes.name = requiredText('input.name', input.name);
  if (input.region !== undefined) changes.region = region(input.region);
  if (input.country !== undefined) changes.country = country(input.country);
  if (input.amountBand !== undefined) Object.assign(changes, band(input.amountBand));
  if (!Object.keys(changes).length && input.productCategory === undefined)
    throw new BadUserInputError('input', 'nothing to change: give at least one of name, region, country, amountBand, productCategory.');
  try {
    return await ds.transaction(async (manager) => {
      const vendor = await actingVendor(manager, identity, 'edit engagement rules');
      if (input.productCategory !== undefined) changes.productCategory = await category(manager, vendor.id, input.productCategory);
      const id = idOrNull(input.id);
      const rule = id ? await lockEngagementRule(manager, id, vendor.id) : null;
      if (!rule) throw new NotFoundError('EngagementRule', input.id);
      if (rule.retiredAt)
        throw new ConflictError(`Engagement rule ${rule.id} ("${rule.name}") was retired at ${rule.retiredAt.toISOString()}: it cannot be edited.`);
      const next = { ...rule, ...changes };
      checkSegment(next);
      const before = engagementRuleSnapshot(rule);
      if (!diff(before, engagementRuleSnapshot(next)).length) return rule;
      const taken = changes.name === undefined ? null : await activeRuleNamed(manager, vendor.id, changes.name, rule.id);
      if (taken) throw duplicateName(taken.name);
      const updated = await updateRow(manager, EngagementRule, rule.id, changes);
      await recordChange(manager, identity, {
        entityType: 'EngagementRule',
        entityId: rule.id,
        action: 'UPDATED',
        before,
        after: engagementRuleSnapshot(updated),
      });
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error, NAME_CONSTRAINTS)) throw duplicateName(changes.name ?? '');
    throw error;
  }
}

/** retireEngagementRule: registrations from now on are not flagged by it; deals it flagged keep the flag and the rule. */
export async function retireEngagementRule(ds: DataSource, identity: Identity, args: { id: string }): Promise<EngagementRule> {
  requireAction(identity, 'retireEngagementRule');
  return ds.transaction(async (manager) => {
    const vendor = await actingVendor(manager, identity, 'retire engagement rules');
    const id = idOrNull(args.id);
    const rule = id ? await lockEngagementRule(manager, id, vendor.id) : null;
    if (!rule) throw new NotFoundError('EngagementRule', args.id);
    if (rule.retiredAt)
      throw new ConflictError(`Engagement rule ${rule.id} ("${rule.name}") was already retired at ${rule.retiredAt.toISOString()}.`);
    const updated = await updateRow(manager, EngagementRule, rule.id, { retiredAt: await transactionNow(manager) });
    await recordChange(manager, identity, {
      entityType: 'EngagementRule',
      entityId: rule.id,
      action: 'RETIRED',
      before: engagementRuleSnapshot(rule),
      after: engagementRuleSnapshot(updated),
    });
    return updated;
  });
}
