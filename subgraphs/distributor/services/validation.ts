import { BadUserInputError } from '../../../common/errors';
import { isUuid } from '../../../common/ids';
import { parseAmount, type Money } from '../../../common/money';

/** Control characters (C0, DEL, C1) have no place in a reference or a name. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const MAX_PAYMENT_TERMS_DAYS = 365;

/** An id the caller must send as a uuid; returned as stored (lower case). */
export function requiredId(field: string, value: string): string {
  const id = value.trim();
  if (!isUuid(id)) throw new BadUserInputError(field, `"${value}" is not an id.`);
  return id.toLowerCase();
}

/** A credit limit: exact minor units of an ISO 4217 currency, zero or more. */
export function creditLimit(field: string, value: Money): { minor: bigint; currency: string } {
  const currency = value.currency.trim();
  const minor = parseAmount(field, value.amount, currency);
  if (minor < 0n) throw new BadUserInputError(`${field}.amount`, 'a credit limit is zero or more.');
  return { minor, currency };
}

/** Payment terms in days, 0 (due on receipt) to 365. */
export function paymentTermsDays(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAYMENT_TERMS_DAYS) {
    throw new BadUserInputError(field, `payment terms are between 0 and ${MAX_PAYMENT_TERMS_DAYS} days, got ${value}.`);
  }
  return value;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (year 0001 or later), as given; null for anything else. */
export function calendarDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value : null;
}

/** An inclusive range of calendar days (UTC). */
export interface Period {
  from: string;
  to: string;
}

export const MAX_PERIOD_YEARS = 10;

/** Midnight UTC of a calendar date (YYYY-MM-DD, as checked by calendarDate), `years` later (29 February → 1 March when that year has none). */
function midnight(date: string, years = 0): number {
  const [year, month, day] = date.split('-').map(Number);
  const time = new Date(0);
  time.setUTCFullYear(year + years, month - 1, day);
  return time.getTime();
}

/**
 * A reporting period: real dates, `from` not after `to`, at most ten years long (from 2016-01-01, up to 2025-12-31).
 * A period in which nothing happened is valid (it answers zeros), only a malformed one is refused.
 */
export function reportingPeriod(field: string, value: { from: string; to: string }): Period {
  const from = calendarDate(value?.from);
  const to = calendarDate(value?.to);
  if (!from) throw new BadUserInputError(`${field}.from`, `"${value?.from}" is not a calendar date YYYY-MM-DD.`);
  if (!to) throw new BadUserInputError(`${field}.to`, `"${value?.to}" is not a calendar date YYYY-MM-DD.`);
  if (midnight(from) > midnight(to)) throw new BadUserInputError(field, `the period starts (${from}) after it ends (${to}); "from" must be on or before "to".`);
  const end = midnight(from, MAX_PERIOD_YEARS);
  if (midnight(to) >= end) {
    const lastDay = new Date(end - 86_400_000).toISOString().slice(0, 10);
    throw new BadUserInputError(field, `a period covers at most ${MAX_PERIOD_YEARS} years: from ${from}, "to" is ${lastDay} at the latest.`);
  }
  return { from, to };
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** An ISO 4217 currency code such as EUR or USD (three capital letters). */
export function currencyCode(field: string, value: string): string {
  const currency = typeof value === 'string' ? value.trim() : '';
  if (!CURRENCY_CODE.test(currency)) throw new BadUserInputError(field, `"${value}" is not an ISO 4217 currency code such as EUR or USD.`);
  return currency;
}

export const DEFAULT_RANKING_LIMIT = 10;
export const MAX_RANKING_LIMIT = 100;

/** How many ranked rows to return: 1 to 100 (10 when not given). */
export function rankingLimit(field: string, value: number | null | undefined): number {
  if (value === null || value === undefined) return DEFAULT_RANKING_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_RANKING_LIMIT) {
    throw new BadUserInputError(field, `a ranking lists 1 to ${MAX_RANKING_LIMIT} rows, got ${value}.`);
  }
  return value;
}
