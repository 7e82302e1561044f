import type { DataSource } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError, isUniqueViolation } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import { formatMinor } from '../../../common/money';
import type { PartnerProgram } from '../entities';
import { insertProgram, lockProgram, programById, programNamed, updateProgramRow, type NewTier } from '../repositories/programs';
import { actingVendor } from './actor';
import { idOrNull, requiredText } from '../../../common/validation';
import { amountIn, integerIn, optionalText, percentToBps, type MoneyInput } from './input';

export const PROTECTION_DAYS = { min: 1, max: 365, default: 90 };
export const MAX_TIERS = 20;
const MAX_COUNT = 1_000_000;

export interface TierInput {
  name: string;
  rank: number;
  minTrailingRevenue: MoneyInput;
  minCertifications: number;
  minWonDeals: number;
  discountPercent: string;
  rebatePercent: string;
  mdfEligible: boolean;
}

export interface CreateProgramInput {
  name: string;
  description?: string | null;
  protectionDays?: number | null;
  tiers: TierInput[];
}

export interface UpdateProgramInput {
  id: string;
  name?: string | null;
  description?: string | null;
  protectionDays?: number | null;
}

const NAME_CONSTRAINTS = ['partner_programs_vendor_name_key', 'partner_programs_vendor_lower_name_key'];

const duplicateName = (name: string) =>
  new ConflictError(`You already have a program named "${name}" (names are compared without case): choose another name.`);

/**
 * Tiers: ranks exactly 1..n, distinct names (without case), thresholds in the vendor's currency and non-decreasing with
 * rank (a higher tier never asks less revenue, certifications or won deals), percentages 0..100 with 2 decimals.
 */
function parseTiers(tiers: TierInput[], currency: string): NewTier[] {
  if (!Array.isArray(tiers) || tiers.length === 0)
    throw new BadUserInputError('input.tiers', 'a program needs at least one tier (rank 1 is the entry tier).');
  if (tiers.length > MAX_TIERS) throw new BadUserInputError('input.tiers', `a program has at most ${MAX_TIERS} tiers (got ${tiers.length}).`);
  const n = tiers.length;
  const names = new Map<string, number>();
  const ranks = new Map<number, number>();
  const parsed = tiers.map((tier, index) => {
    const at = `input.tiers[${index}]`;
    const name = requiredText(`${at}.name`, tier.name);
    const key = name.toLowerCase();
    if (names.has(key))
      throw new BadUserInputError(`${at}.name`, `"${name}" is already the name of tiers[${names.get(key)}]: tier names must be distinct.`);
    names.set(key, index);
    if (!Number.isInteger(tier.rank) || tier.rank < 1 || tier.rank > n) {
      throw new BadUserInputError(`${at}.rank`, `ranks run 1..${n} for ${n} tier(s), each once, 1 the entry tier (got ${tier.rank}).`);
    }
    const rank = tier.rank;
    if (ranks.has(rank))
      throw new BadUserInputError(`${at}.rank`, `rank ${rank} is already taken by tiers[${ranks.get(rank)}]: ranks run 1..${n}, each once.`);
    ranks.set(rank, index);
    return {
      index,
      tier: {
        name,
        rank,
        minRevenueMinor: amountIn(`${at}.minTrailingRevenue`, tier.minTrailingRevenue, currency),
        minCertifications: integerIn(`${at}.minCertifications`, tier.minCertifications, 0, MAX_COUNT),
        minWonDeals: integerIn(`${at}.minWonDeals`, tier.minWonDeals, 0, MAX_COUNT),
        discountBps: percentToBps(`${at}.discountPercent`, tier.discountPercent),
        rebateBps: percentToBps(`${at}.rebatePercent`, tier.rebatePercent),
        mdfEligible: tier.mdfEligible === true,
      },
    };
  });
  const byRank = [...parsed].sort((a, b) => a.tier.rank - b.tier.rank);
  for (let k = 1; k < byRank.length; k++) {
    const [lower, higher] = [byRank[k - 1], byRank[k]];
    const at = `input.tiers[${higher.index}]`;
    const below = `than rank ${lower.tier.rank} ("${lower.tier.name}")`;
    if (higher.tier.minRevenueMinor < lower.tier.minRevenueMinor) {
      throw new BadUserInputError(
        `${at}.minTrailingRevenue.amount`,
        `rank ${higher.tier.rank} must not ask less trailing revenue ${below}: at least ${formatMinor(lower.tier.minRevenueMinor, currency)} ${currency}.`,
      );
    }
    if (higher.tier.minCertifications < lower.tier.minCertifications) {
      throw new BadUserInputError(
        `${at}.minCertifications`,
        `rank ${higher.tier.rank} must not ask fewer certifications ${below}: at least ${lower.tier.minCertifications}.`,
      );
    }
    if (higher.tier.minWonDeals < lower.tier.minWonDeals) {
      throw new BadUserInputError(
        `${at}.minWonDeals`,
        `rank ${higher.tier.rank} must not ask fewer won deals ${below}: at least ${lower.tier.minWonDeals}.`,
      );
    }
  }
  return byRank.map((entry) => entry.tier);
}

function protectionDays(field: string, value: unknown): number {
  return integerIn(field, value, PROTECTION_DAYS.min, PROTECTION_DAYS.max);
}

/** createProgram: the program and its tiers in one transaction; a name the vendor already uses → CONFLICT. */
export async function createProgram(ds: DataSource, identity: Identity, input: CreateProgramInput): Promise<PartnerProgram> {
  const action = 'create partner programs';
  const name = requiredText('input.name', input.name);
  const description = optionalText('input.description', input.description);
  const days =
    input.protectionDays === null || input.protectionDays === undefined
      ? PROTECTION_DAYS.default
      : protectionDays('input.protectionDays', input.protectionDays);
  try {
    return await ds.transaction(async (manager) => {
      const vendor = await actingVendor(manager, identity, action);
      const tiers = parseTiers(input.tiers, vendor.currency);
      const taken = await programNamed(manager, vendor.id, name);
      if (taken) throw duplicateName(taken.name);
      const id = await insertProgram(manager, { vendorId: vendor.id, name, description, protectionDays: days, currency: vendor.currency }, tiers);
      return programById(manager, id);
    });
  } catch (error) {
    if (isUniqueViolation(error, NAME_CONSTRAINTS)) throw duplicateName(name);
    throw error;
  }
}

/** updateProgram: name, description, protection days of one of the vendor's programs (others' → NOT_FOUND). */
export async function updateProgram(ds: DataSource, identity: Identity, input: UpdateProgramInput): Promise<PartnerProgram> {
  const action = 'edit partner programs';
  const changes: { name?: string; description?: string | null; protectionDays?: number } = {};
  for (const key of ['name', 'protectionDays'] as const) {
    if (input[key] === null) throw new BadUserInputError(`input.${key}`, 'cannot be cleared: give a value or leave it out.');
  }
  if (input.name !== undefined && input.name !== null) changes.name = requiredText('input.name', input.name);
  if (input.description !== undefined) changes.description = optionalText('input.description', input.description);
  if (input.protectionDays !== undefined && input.protectionDays !== null)
    changes.protectionDays = protectionDays('input.protectionDays', input.protectionDays);
  if (!Object.keys(changes).length)
    throw new BadUserInputError('input', 'nothing to change: give at least one of name, description, protectionDays.');
  try {
    return await ds.transaction(async (manager) => {
      const vendor = await actingVendor(manager, identity, action);
      const id = idOrNull(input.id);
      const program = id ? await lockProgram(manager, id, vendor.id) : null;
      if (!program) throw new NotFoundError('PartnerProgram', input.id);
      const taken = changes.name === undefined ? null : await programNamed(manager, vendor.id, changes.name, program.id);
      if (taken) throw duplicateName(taken.name);
      await updateProgramRow(manager, program.id, changes);
      return programById(manager, program.id);
    });
  } catch (error) {
    if (isUniqueViolation(error, NAME_CONSTRAINTS)) throw duplicateName(changes.name ?? '');
    throw error;
  }
}
