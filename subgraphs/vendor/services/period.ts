import { BadUserInputError } from '../../../common/errors';

/**
 * Periods and currencies of the analytics fields (scorecards, channel mix, tier evaluation, eligibility): inclusive
 * calendar days in UTC, as "YYYY-MM-DD" strings (the Date scalar has checked the form). Pure: no database.
 */

export interface Period {
  from: string;
  to: string;
}

export const MAX_PERIOD_YEARS = 10;
const DAY_MS = 86_400_000;

const epochDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const isoDay = (epoch: number) => new Date(epoch * DAY_MS).toISOString().slice(0, 10);

/** Days in the period, both ends included. */
export function daysIn(period: Period): number {
  return epochDay(period.to) - epochDay(period.from) + 1;
}

/** The date `years` calendar years after `date` (29 February → 28 February when the target year has none). */
function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** A PeriodInput checked: from ≤ to, at most 10 calendar years long; BAD_USER_INPUT on field `field` otherwise. */
export function parsePeriod(input: { from?: unknown; to?: unknown } | null | undefined, field = 'period'): Period {
  const from = input?.from;
  const to = input?.to;
  const isDate = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isoDay(epochDay(value)) === value;
  if (!isDate(from)) throw new BadUserInputError(field, `from must be a calendar date such as 2026-01-01 (got ${JSON.stringify(from)}).`);
  if (!isDate(to)) throw new BadUserInputError(field, `to must be a calendar date such as 2026-12-31 (got ${JSON.stringify(to)}).`);
  if (from > to) throw new BadUserInputError(field, `from (${from}) is after to (${to}): give the first day, then the last day of the period.`);
  const last = isoDay(epochDay(addYears(from, MAX_PERIOD_YEARS)) - 1);
  if (to > last) throw new BadUserInputError(field, `a period covers at most ${MAX_PERIOD_YEARS} years: from ${from} the last day is ${last} (got ${to}).`);
  return { from, to };
}

/** Today in UTC, "YYYY-MM-DD". */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Trailing 12 months: the 365 days ending today (UTC), both included. */
export function trailingYear(today: string = utcToday()): Period {
  return { from: isoDay(epochDay(today) - 364), to: today };
}

const CURRENCY = /^[A-Z]{3}$/;
const KNOWN: ReadonlySet<string> | null = (() => {
  try {
    const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency');
    return supported?.length ? new Set(supported) : null;
  } catch {
    return null;
  }
})();

/** An ISO 4217 currency code (trimmed, upper case as given); BAD_USER_INPUT on field `field` otherwise. */
export function parseCurrency(value: unknown, field = 'currency'): string {
  const code = typeof value === 'string' ? value.trim() : '';
  if (!CURRENCY.test(code) || (KNOWN && !KNOWN.has(code))) {
    throw new BadUserInputError(field, `${JSON.stringify(value)} is not an ISO 4217 currency code such as USD or EUR.`);
  }
  return code;
}

/** target × days / 365, exact, rounded half up to minor units (amounts are never negative). */
export function prorate(annualMinor: bigint, days: number): bigint {
  const numerator = annualMinor * BigInt(days) * 2n + 365n;
  return numerator / 730n;
}
