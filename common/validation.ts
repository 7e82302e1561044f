import { BadUserInputError } from './errors';
import { isUuid, normalizeId } from './ids';

/**
 * Input checks every subgraph shares. Each failure is a BadUserInputError naming the field ("input.partnerId",
 * "period") with a message a person can act on. Pure: no database. Rules only one subgraph has stay in that subgraph.
 */

/** Control characters (C0, DEL, C1) have no place in a reference or a name. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** Multi-line text (reasons, notes) may hold tab, line feed and carriage return; no other control character. */
// eslint-disable-next-line no-control-regex -- as above, line breaks and tabs excepted
export const CONTROL_CHARACTERS_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Zero-width spaces and joiners: a text of only these and whitespace is blank. */
const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]/gu;
export const isBlank = (text: string): boolean => text.replace(INVISIBLE, '') === '';

/** Length limit of a name (characters, after trimming). */
export const MAX_NAME = 200;

/** A required text: trimmed, not blank, 1..max characters, no control characters (tab and line breaks allowed when `multiline`). */
export function requiredText(field: string, value: unknown, max = MAX_NAME, multiline = false): string {
  if (typeof value !== 'string') throw new BadUserInputError(field, 'is required.');
  const text = value.trim();
  if (isBlank(text)) throw new BadUserInputError(field, 'must not be blank.');
  if (text.length > max) throw new BadUserInputError(field, `must be at most ${max} characters, got ${text.length}.`);
  if ((multiline ? CONTROL_CHARACTERS_EXCEPT_LINES : CONTROL_CHARACTERS).test(text))
    throw new BadUserInputError(field, 'must not contain control characters.');
  return text;
}

/** An id the caller must send as a uuid; returned as stored (lower case). */
export function requiredId(field: string, value: string): string {
  const id = normalizeId(value);
  if (!isUuid(id)) throw new BadUserInputError(field, `"${value}" is not an id.`);
  return id;
}

/** An id argument as stored (lower case), or null when it cannot be an id (then nothing matches it). */
export function idOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = normalizeId(value);
  return isUuid(id) ? id : null;
}

/** Today's date in UTC, YYYY-MM-DD (the format of date columns). */
export const utcToday = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC midnight of a YYYY-MM-DD calendar date (years 0001-9999, as PostgreSQL dates), or null when it is not a real date. */
function dayOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** A real calendar date written YYYY-MM-DD (year 0001 or later), as given; null for anything else. */
export const calendarDate = (value: unknown): string | null => (dayOf(value) ? (value as string) : null);

/**
 * A date argument as given, or null when absent; refuses what PostgreSQL cannot store. The Date scalar has checked
 * the form but lets year 0000 through (PostgreSQL has no year 0: it would be an internal error).
 */
export function storableDateOrNull(field: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (!calendarDate(value)) throw new BadUserInputError(field, `must be a date from year 0001, got ${value}.`);
  return value;
}

/** An inclusive range of calendar days (UTC), both ends YYYY-MM-DD. */
export interface Period {
  from: string;
  to: string;
}

/** The longest period a ranking, leaderboard or scorecard covers. */
export const MAX_PERIOD_YEARS = 10;

const isoDay = (date: Date) =>
  `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;

/** The last day a period starting on `from` may end: the day before the same date MAX_PERIOD_YEARS later (29 February → 28 February when that year has none). */
function lastDayFrom(from: Date): Date {
  const anniversary = new Date(from);
  anniversary.setUTCFullYear(from.getUTCFullYear() + MAX_PERIOD_YEARS);
  if (anniversary.getUTCMonth() !== from.getUTCMonth()) anniversary.setUTCDate(0);
  return new Date(anniversary.getTime() - 86_400_000);
}

/**
 * A period argument: real calendar dates, from on or before to, at most MAX_PERIOD_YEARS long
 * (2016-01-01..2025-12-31 is ten years). A period in which nothing happened is valid (it answers zeros).
 * A date that is not one is refused on `dateField(field, 'from' | 'to')` (by default `field` itself), the rest on `field`.
 */
export function checkedPeriod(
  field: string,
  value: { from?: unknown; to?: unknown } | null | undefined,
  dateField: (field: string, end: 'from' | 'to') => string = (name) => name,
): Period {
  const from = dayOf(value?.from);
  const to = dayOf(value?.to);
  if (!from) throw new BadUserInputError(dateField(field, 'from'), `from must be a calendar date such as 2026-01-31, got ${String(value?.from)}.`);
  if (!to) throw new BadUserInputError(dateField(field, 'to'), `to must be a calendar date such as 2026-01-31, got ${String(value?.to)}.`);
  const period = { from: value!.from as string, to: value!.to as string };
  if (from > to) throw new BadUserInputError(field, `must not end before it starts: from ${period.from} is after to ${period.to}.`);
  const last = lastDayFrom(from);
  if (to > last)
    throw new BadUserInputError(
      field,
      `must span at most ${MAX_PERIOD_YEARS} years: from ${period.from} may run to ${isoDay(last)} at the latest, got ${period.to}.`,
    );
  return period;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;
const ISO_4217: ReadonlySet<string> = new Set<string>(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code such as EUR or USD (trimmed, upper case, as stored); refused naming the field otherwise. */
export function currencyCode(field: string, value: unknown): string {
  const currency = typeof value === 'string' ? value.trim() : '';
  if (!CURRENCY_CODE.test(currency) || !ISO_4217.has(currency)) {
    throw new BadUserInputError(field, `"${String(value)}" is not an ISO 4217 currency code such as EUR or USD.`);
  }
  return currency;
}

export const DEFAULT_RANKING_LIMIT = 10;
export const MAX_RANKING_LIMIT = 100;

/** How many ranked rows to return: a whole number from 1 to `max` (DEFAULT_RANKING_LIMIT when not given). */
export function rankingLimit(field: string, value: number | null | undefined, max = MAX_RANKING_LIMIT): number {
  if (value === null || value === undefined) return DEFAULT_RANKING_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new BadUserInputError(field, `must be a whole number from 1 to ${max}, got ${value}.`);
  return value;
}
