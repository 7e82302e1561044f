import { utcToday, type Period } from '../../../common/validation';

/**
 * Periods and currencies of the analytics fields (scorecards, channel mix, tier evaluation, eligibility): inclusive
 * calendar days in UTC, as "YYYY-MM-DD" strings (the Date scalar has checked the form). Pure: no database.
 */

const DAY_MS = 86_400_000;

const epochDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const isoDay = (epoch: number) => new Date(epoch * DAY_MS).toISOString().slice(0, 10);

/** Days in the period, both ends included. */
export function daysIn(period: Period): number {
  return epochDay(period.to) - epochDay(period.from) + 1;
}

/** Trailing 12 months: the 365 days ending today (UTC), both included. */
export function trailingYear(today: string = utcToday()): Period {
  return { from: isoDay(epochDay(today) - 364), to: today };
}

/** target × days / 365, exact, rounded half up to minor units (amounts are never negative). */
export function prorate(annualMinor: bigint, days: number): bigint {
  const numerator = annualMinor * BigInt(days) * 2n + 365n;
  return numerator / 730n;
}
