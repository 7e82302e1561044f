import { BadUserInputError } from '../../../common/errors';
import { formatMinor, parseAmount } from '../../../common/money';
import { CONTROL_CHARACTERS_EXCEPT_LINES, currencyCode, isBlank, utcToday } from '../../../common/validation';

/** Length limits of free text (characters, after trimming). */
export const MAX_REASON = 2000;
export const MAX_IDEMPOTENCY_KEY = 200;

/** A trimmed reason or note of at most MAX_REASON characters (line breaks allowed); blank means none unless required. */
export function reason(field: string, value: string | null | undefined, required: boolean): string | null {
  const text = (value ?? '').trim();
  if (isBlank(text)) {
    if (required) throw new BadUserInputError(field, 'is required: say why, for the partner and the audit trail.');
    return null;
  }
  if (text.length > MAX_REASON) throw new BadUserInputError(field, `must be at most ${MAX_REASON} characters, got ${text.length}.`);
  if (CONTROL_CHARACTERS_EXCEPT_LINES.test(text)) throw new BadUserInputError(field, 'must not contain control characters other than line breaks.');
  return text;
}

/** The version a decision was made on: a positive whole number. */
export function versionOf(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new BadUserInputError(field, `must be the deal's version as read (a whole number from 1), got ${value}.`);
  return value;
}

export interface MoneyInput {
  amount: string;
  currency: string;
}

/** A positive amount in an ISO 4217 currency, in exact minor units. */
export function positiveMoney(field: string, input: MoneyInput): { minor: bigint; currency: string } {
  const currency = currencyCode(`${field}.currency`, input.currency);
  const minor = parseAmount(field, input.amount, currency);
  if (minor <= 0n) throw new BadUserInputError(`${field}.amount`, `must be greater than zero, got ${input.amount}.`);
  return { minor, currency };
}

/** A close date strictly after today (UTC) and at most `maxYears` ahead. The Date scalar has already checked it is a real calendar date. */
export function futureDate(field: string, value: string, maxYears = 5, now = new Date()): string {
  const today = utcToday(now);
  if (value <= today) throw new BadUserInputError(field, `must be after today (${today}, UTC), got ${value}.`);
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + maxYears);
  if (value > utcToday(latest)) throw new BadUserInputError(field, `must be within ${maxYears} years (by ${utcToday(latest)}), got ${value}.`);
  return value;
}

/** How far a closing claim or a verified amount may exceed the registered amount before it is taken for a typo. */
export const CLAIM_BOUND = 10n;

/**
 * A final or verified amount of a deal: in the deal's currency and at most CLAIM_BOUND times its registered amount
 * (DESIGN §7: a likely typo, such as 999999999999999.99 on a 1,000.00 registration). `minimum` is 1 for a claim
 * (a won deal brought something) and 0 for a verification (the verifier found no revenue).
 */
export function dealAmount(field: string, input: MoneyInput, deal: { amountMinor: string; currency: string }, minimum: 0n | 1n): bigint {
  const currency = currencyCode(`${field}.currency`, input.currency);
  const expected = deal.currency.trim();
  if (currency !== expected) throw new BadUserInputError(`${field}.currency`, `must be the deal's currency, ${expected}, got ${currency}.`);
  const minor = parseAmount(field, input.amount, currency);
  if (minor < minimum)
    throw new BadUserInputError(`${field}.amount`, `must be ${minimum === 1n ? 'greater than zero' : 'zero or more'}, got ${input.amount}.`);
  const registered = BigInt(deal.amountMinor);
  const bound = registered * CLAIM_BOUND;
  if (minor > bound) {
    throw new BadUserInputError(
      `${field}.amount`,
      `${formatMinor(minor, currency)} ${currency} is more than ten times the registered ${formatMinor(registered, currency)} ${currency} ` +
        `(at most ${formatMinor(bound, currency)} ${currency}): check the figure for a typo; a deal that really grew beyond that needs a new registration at its size.`,
    );
  }
  return minor;
}
