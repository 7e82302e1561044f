import type { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import { formatMinor } from '../../../common/money';
import type { Incentive } from '../entities';
import {
  incentiveById,
  insertIncentive,
  lockIncentive,
  updateIncentiveRow,
  type EligibilityColumns,
  type IncentiveChanges,
} from '../repositories/incentives';
import { maxTierRank, ownProgram } from '../repositories/programs';
import { actingVendor } from './actor';
import { idOrNull, requiredText, storableDateOrNull } from '../../../common/validation';
import { COUNTRIES, PARTNER_TYPES, REGIONS, amountIn, integerIn, labels, members, optionalText, type MoneyInput } from './input';

const MAX_RANK = 1000;

export interface EligibilityInput {
  minTierRank?: number | null;
  regions?: string[] | null;
  countries?: string[] | null;
  partnerTypes?: string[] | null;
  minTrailingRevenue?: MoneyInput | null;
  requiredCertifications?: string[] | null;
  productCategories?: string[] | null;
}

export interface CreateIncentiveInput {
  kind: string;
  audience: string;
  name: string;
  description?: string | null;
  programId?: string | null;
  startsOn: string;
  endsOn?: string | null;
  budget?: MoneyInput | null;
  eligibility?: EligibilityInput | null;
}

export interface UpdateIncentiveInput {
  id: string;
  name?: string | null;
  description?: string | null;
  endsOn?: string | null;
  budget?: MoneyInput | null;
  eligibility?: EligibilityInput | null;
}

const NO_GATES: EligibilityColumns = {
  minTierRank: null,
  regions: [],
  countries: [],
  partnerTypes: [],
  minRevenueMinor: null,
  requiredCertifications: [],
  productCategories: [],
};

/**
 * The gates given (a key left out is not in the result; null clears that gate). minTierRank is checked against the
 * program's highest rank when the incentive belongs to a program.
 */
function parseEligibility(input: EligibilityInput, currency: string, programMaxRank: number | null): Partial<EligibilityColumns> {
  const at = 'input.eligibility';
  const gates: Partial<EligibilityColumns> = {};
  const list = <T>(key: keyof EligibilityInput, parse: (values: unknown) => T[]): T[] | undefined =>
    input[key] === undefined ? undefined : input[key] === null ? [] : parse(input[key]);
  if (input.minTierRank !== undefined) {
    const rank = input.minTierRank === null ? null : integerIn(`${at}.minTierRank`, input.minTierRank, 1, MAX_RANK);
    if (rank !== null && programMaxRank !== null && rank > programMaxRank) {
      throw new BadUserInputError(
        `${at}.minTierRank`,
        `the program's highest tier rank is ${programMaxRank}: give 1..${programMaxRank} (got ${rank}).`,
      );
    }
    gates.minTierRank = rank;
  }
  gates.regions = list('regions', (v) => members(`${at}.regions`, v, REGIONS, `a region: one of ${[...REGIONS].join(', ')}`));
  gates.countries = list('countries', (v) =>
    members(`${at}.countries`, v, COUNTRIES, 'an ISO 3166 alpha-2 country code (two upper-case letters, such as DE or US)'),
  );
  gates.partnerTypes = list('partnerTypes', (v) =>
    members(`${at}.partnerTypes`, v, PARTNER_TYPES, `a partner type: one of ${[...PARTNER_TYPES].join(', ')}`),
  );
  if (input.minTrailingRevenue !== undefined) {
    gates.minRevenueMinor =
      input.minTrailingRevenue === null ? null : amountIn(`${at}.minTrailingRevenue`, input.minTrailingRevenue, currency, "the incentive's currency");
  }
  gates.requiredCertifications = list('requiredCertifications', (v) => labels(`${at}.requiredCertifications`, v));
  gates.productCategories = list('productCategories', (v) => labels(`${at}.productCategories`, v));
  for (const key of Object.keys(gates) as (keyof EligibilityColumns)[]) if (gates[key] === undefined) delete gates[key];
  return gates;
}

function period(startsOn: string, endsOn: string | null, field: string): void {
  if (endsOn !== null && endsOn < startsOn) throw new BadUserInputError(field, `must not be before the start, ${startsOn} (got ${endsOn}).`);
}

/** The vendor's program the incentive belongs to, with its highest rank; another vendor's or a missing one → NOT_FOUND. */
async function programOf(manager: EntityManager, programId: string, vendorId: string) {
  const id = idOrNull(programId);
  const program = id ? await ownProgram(manager, id, vendorId) : null;
  if (!program) throw new NotFoundError('PartnerProgram', programId);
  return { program, maxRank: await maxTierRank(manager, program.id) };
}

/** createIncentive: one incentive of the vendor, optionally of one of its programs, in the vendor's (program's) currency. */
export async function createIncentive(ds: DataSource, identity: Identity, input: CreateIncentiveInput): Promise<Incentive> {
  const action = 'create incentives';
  const name = requiredText('input.name', input.name);
  const description = optionalText('input.description', input.description);
  const startsOn = storableDateOrNull('input.startsOn', input.startsOn);
  if (!startsOn) throw new BadUserInputError('input.startsOn', 'is required.');
  const endsOn = storableDateOrNull('input.endsOn', input.endsOn);
  period(startsOn, endsOn, 'input.endsOn');
  return ds.transaction(async (manager) => {
    const vendor = await actingVendor(manager, identity, action);
    const owner = input.programId === null || input.programId === undefined ? null : await programOf(manager, input.programId, vendor.id);
    const currency = owner?.program.currency ?? vendor.currency;
    const budgetMinor = input.budget
      ? amountIn('input.budget', input.budget, currency, owner ? "the program's currency" : "the vendor's currency")
      : null;
    const gates = { ...NO_GATES, ...(input.eligibility ? parseEligibility(input.eligibility, currency, owner?.maxRank ?? null) : {}) };
    const id = await insertIncentive(manager, {
      vendorId: vendor.id,
      programId: owner?.program.id ?? null,
      kind: input.kind,
      audience: input.audience,
      name,
      description,
      startsOn,
      endsOn,
      budgetMinor,
      currency,
      ...gates,
    });
    return incentiveById(manager, id);
  });
}

/**
 * updateIncentive: name, description, end date, budget, eligibility gates of one of the vendor's incentives (others' →
 * NOT_FOUND). A field left out is kept; endsOn, budget, description and each gate can be cleared with null. The budget
 * never drops below what is already spent.
 */
export async function updateIncentive(ds: DataSource, identity: Identity, input: UpdateIncentiveInput): Promise<Incentive> {
  const action = 'edit incentives';
  if (input.name === null) throw new BadUserInputError('input.name', 'cannot be cleared: give a name or leave it out.');
  const changes: IncentiveChanges = {};
  if (input.name !== undefined) changes.name = requiredText('input.name', input.name);
  if (input.description !== undefined) changes.description = optionalText('input.description', input.description);
  if (input.endsOn !== undefined) changes.endsOn = storableDateOrNull('input.endsOn', input.endsOn);
  const eligibilityKeys = input.eligibility
    ? Object.keys(input.eligibility).filter((key) => input.eligibility![key as keyof EligibilityInput] !== undefined)
    : [];
  if (!Object.keys(changes).length && input.budget === undefined && !eligibilityKeys.length) {
    throw new BadUserInputError('input', 'nothing to change: give at least one of name, description, endsOn, budget, eligibility.');
  }
  return ds.transaction(async (manager) => {
    const vendor = await actingVendor(manager, identity, action);
    const id = idOrNull(input.id);
    const incentive = id ? await lockIncentive(manager, id, vendor.id) : null;
    if (!incentive) throw new NotFoundError('Incentive', input.id);
    if (changes.endsOn !== undefined) period(incentive.startsOn, changes.endsOn, 'input.endsOn');
    if (input.budget !== undefined) {
      changes.budgetMinor = input.budget === null ? null : amountIn('input.budget', input.budget, incentive.currency, "the incentive's currency");
      const spent = BigInt(incentive.spentMinor);
      if (changes.budgetMinor !== null && changes.budgetMinor < spent) {
        throw new BadUserInputError(
          'input.budget',
          `must be at least the ${formatMinor(spent, incentive.currency)} ${incentive.currency} already spent.`,
        );
      }
    }
    if (input.eligibility && eligibilityKeys.length) {
      const maxRank = incentive.programId ? await maxTierRank(manager, incentive.programId) : null;
      Object.assign(changes, parseEligibility(input.eligibility, incentive.currency, maxRank));
    }
    await updateIncentiveRow(manager, incentive.id, changes);
    return incentiveById(manager, incentive.id);
  });
}
