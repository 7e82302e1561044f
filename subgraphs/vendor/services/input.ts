import { BadUserInputError } from '../../../common/errors';
import { parseAmount } from '../../../common/money';
import { isBlank, requiredText } from '../../../common/validation';

/**
 * Input checks shared by the vendor's mutations. Each failure is a BadUserInputError naming the field
 * ("input.tiers[2].rank") with a message a person can act on. Pure: no database.
 */

export const TEXT_MAX = 2000;
export const CODE_MAX = 100;
export const LIST_MAX = 50;

export interface MoneyInput {
  amount: string;
  currency: string;
}

/** An optional several-line text: trimmed; null or blank → null. */
export function optionalText(field: string, value: unknown, max = TEXT_MAX): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && isBlank(value))) return null;
  return requiredText(field, value, max, true);
}

/** An integer within [min, max]. */
export function integerIn(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new BadUserInputError(field, 'must be a whole number.');
  if (value < min || value > max) throw new BadUserInputError(field, `must be between ${min} and ${max} (got ${value}).`);
  return value;
}

/** A non-negative amount in the expected currency, in minor units. */
export function amountIn(field: string, value: MoneyInput, currency: string, what = "the vendor's currency"): bigint {
  const given = typeof value.currency === 'string' ? value.currency.trim() : '';
  const minor = parseAmount(field, String(value.amount), given);
  if (given !== currency) throw new BadUserInputError(`${field}.currency`, `must be ${currency}, ${what} (got ${given}).`);
  if (minor < 0n) throw new BadUserInputError(`${field}.amount`, 'must not be negative.');
  return minor;
}

/** A percentage 0..100 with at most 2 decimals, as basis points ("12.5" → 1250). */
export function percentToBps(field: string, value: unknown): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(String(value).trim());
  if (!match)
    throw new BadUserInputError(field, `must be a percentage between 0 and 100 with at most 2 decimals, such as "12.50" (got "${String(value)}").`);
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (bps > 10_000) throw new BadUserInputError(field, `must be at most 100 (got ${String(value)}).`);
  return bps;
}

/** A list of short codes or labels: each trimmed, non-blank, ≤ CODE_MAX characters; distinct (first spelling kept), at most LIST_MAX. */
export function labels(field: string, values: unknown): string[] {
  if (!Array.isArray(values)) throw new BadUserInputError(field, 'must be a list.');
  const seen = new Set<string>();
  const result: string[] = [];
  values.forEach((value, index) => {
    const label = requiredText(`${field}[${index}]`, value, CODE_MAX);
    if (!seen.has(label)) result.push(label);
    seen.add(label);
  });
  if (result.length > LIST_MAX) throw new BadUserInputError(field, `must have at most ${LIST_MAX} distinct entries (got ${result.length}).`);
  return result;
}

/** Distinct members of a known set (exact spelling), in the order given. */
export function members(field: string, values: unknown, allowed: ReadonlySet<string>, describe: string): string[] {
  if (!Array.isArray(values)) throw new BadUserInputError(field, 'must be a list.');
  const result: string[] = [];
  values.forEach((value, index) => {
    const member = typeof value === 'string' ? value.trim() : '';
    if (!allowed.has(member)) throw new BadUserInputError(`${field}[${index}]`, `"${String(value)}" is not ${describe}.`);
    if (!result.includes(member)) result.push(member);
  });
  return result;
}

export { COUNTRIES, PARTNER_TYPES, REGIONS } from '../../../common/segments';
