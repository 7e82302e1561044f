import { domainToASCII } from 'node:url';
import { BadUserInputError } from '../../../common/errors';
import { isUuid } from '../../../common/ids';
import { parseAmount } from '../../../common/money';

/** Length limits of free text (characters, after trimming). */
export const MAX_NAME = 200;
export const MAX_REASON = 2000;
export const MAX_IDEMPOTENCY_KEY = 200;

// eslint-disable-next-line no-control-regex -- control characters are exactly what these refuse
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Multi-line text (reasons, notes) may break lines; nothing else invisible. */
// eslint-disable-next-line no-control-regex -- as above, line breaks and tabs excepted
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Zero-width spaces and joiners: a text of only these and whitespace is blank. */
const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]/gu;
const isBlank = (text: string) => text.replace(INVISIBLE, '') === '';

/** A trimmed, non-blank single-line text of at most `max` characters. */
export function requiredName(field: string, value: string, max = MAX_NAME): string {
  const text = value.trim();
  if (isBlank(text)) throw new BadUserInputError(field, 'must not be blank.');
  if (text.length > max) throw new BadUserInputError(field, `must be at most ${max} characters, got ${text.length}.`);
  if (CONTROL.test(text)) throw new BadUserInputError(field, 'must not contain control characters.');
  return text;
}

/** A trimmed reason or note of at most MAX_REASON characters (line breaks allowed); blank means none unless required. */
export function reason(field: string, value: string | null | undefined, required: boolean): string | null {
  const text = (value ?? '').trim();
  if (isBlank(text)) {
    if (required) throw new BadUserInputError(field, 'is required: say why, for the partner and the audit trail.');
    return null;
  }
  if (text.length > MAX_REASON) throw new BadUserInputError(field, `must be at most ${MAX_REASON} characters, got ${text.length}.`);
  if (CONTROL_EXCEPT_LINES.test(text)) throw new BadUserInputError(field, 'must not contain control characters other than line breaks.');
  return text;
}

/** An id argument as stored (lower case); anything that is not an id is refused naming the field. */
export function idOf(field: string, value: string): string {
  const id = value.trim().toLowerCase();
  if (!isUuid(id)) throw new BadUserInputError(field, `"${value}" is not an id.`);
  return id;
}

/** The version a decision was made on: a positive whole number. */
export function versionOf(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new BadUserInputError(field, `must be the deal's version as read (a whole number from 1), got ${value}.`);
  return value;
}

const ISO_4217 = new Set<string>(Intl.supportedValuesOf('currency'));

export interface MoneyInput {
  amount: string;
  currency: string;
}

/** An ISO 4217 currency code (upper case, as stored), refused naming the field otherwise. */
export function currencyOf(field: string, value: string): string {
  const currency = value.trim();
  if (!/^[A-Z]{3}$/.test(currency) || !ISO_4217.has(currency)) {
    throw new BadUserInputError(field, `"${value}" is not an ISO 4217 currency code such as EUR or USD.`);
  }
  return currency;
}

/** A positive amount in an ISO 4217 currency, in exact minor units. */
export function positiveMoney(field: string, input: MoneyInput): { minor: bigint; currency: string } {
  const currency = currencyOf(`${field}.currency`, input.currency);
  const minor = parseAmount(field, input.amount, currency);
  if (minor <= 0n) throw new BadUserInputError(`${field}.amount`, `must be greater than zero, got ${input.amount}.`);
  return { minor, currency };
}

/** Today's date in UTC, YYYY-MM-DD (the format of date columns). */
export const utcToday = (now = new Date()) => now.toISOString().slice(0, 10);

/** A close date strictly after today (UTC) and at most `maxYears` ahead. The Date scalar has already checked it is a real calendar date. */
export function futureDate(field: string, value: string, maxYears = 5, now = new Date()): string {
  const today = utcToday(now);
  if (value <= today) throw new BadUserInputError(field, `must be after today (${today}, UTC), got ${value}.`);
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + maxYears);
  if (value > utcToday(latest)) throw new BadUserInputError(field, `must be within ${maxYears} years (by ${utcToday(latest)}), got ${value}.`);
  return value;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The customer's domain as registrations are matched on: lower case; without a scheme (https://), credentials, path,
 * query, port, trailing dots or a leading "www." (the same rules as the vendor's direct accounts); internationalized names in their ASCII (punycode) form. It must then
 * be a domain name: at least two labels of letters, digits and inner hyphens, a top-level label that is not numeric
 * (no IP addresses), at most 253 characters.
 */
export function normalizeDomain(field: string, value: string): string {
  let text = value.trim().toLowerCase();
  // format characters too (zero-width spaces, bidi overrides): IDNA would silently drop some, turning "ac\u200bme.com" into acme.com
  if (CONTROL.test(text) || /[\s\p{Cf}]/u.test(text)) throw new BadUserInputError(field, `"${value}" is not a domain such as acme.com (it contains spaces, invisible or control characters).`);
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  text = text.split(/[/?#]/, 1)[0];
  text = text.slice(text.lastIndexOf('@') + 1);
  text = text.replace(/:\d*$/, '');
  text = text.replace(/\.+$/, '');
  // one leading "www.", unless nothing with a dot would remain ("www.com" is a domain); as the vendor matches direct accounts
  if (text.startsWith('www.') && text.indexOf('.', 4) > 0) text = text.slice(4);
  const ascii = text === '' ? '' : domainToASCII(text);
  const labels = ascii.split('.');
  const valid =
    ascii.length > 0 && ascii.length <= 253 && labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(labels[labels.length - 1]);
  if (!valid) throw new BadUserInputError(field, `"${value}" is not a domain such as acme.com.`);
  return ascii;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC midnight of a YYYY-MM-DD calendar date (years 0001-9999, as PostgreSQL dates), or null when it is not a real date. */
function dayOf(value: string): Date | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** A real calendar date written YYYY-MM-DD, or null (for input read leniently, such as procedures'). */
export const calendarDateOf = (value: unknown): string | null => (typeof value === 'string' && dayOf(value) ? value : null);

/** An inclusive range of calendar days (UTC), both ends YYYY-MM-DD. */
export interface Period {
  from: string;
  to: string;
}

/** The longest period a leaderboard or scorecard covers. */
export const MAX_PERIOD_YEARS = 10;

/**
 * A period argument: from on or before to, at most MAX_PERIOD_YEARS long (to before the same day MAX_PERIOD_YEARS
 * later: 2015-01-01..2024-12-31 is ten years). The Date scalar has already checked both are real calendar dates.
 */
export function periodOf(field: string, period: Period): Period {
  const from = dayOf(period.from);
  const to = dayOf(period.to);
  if (!from) throw new BadUserInputError(field, `from must be a calendar date such as 2026-01-31, got ${period.from}.`);
  if (!to) throw new BadUserInputError(field, `to must be a calendar date such as 2026-01-31, got ${period.to}.`);
  if (from > to) throw new BadUserInputError(field, `must not end before it starts: from ${period.from} is after to ${period.to}.`);
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + MAX_PERIOD_YEARS);
  if (to >= end) {
    const last = new Date(end.getTime() - 86_400_000);
    throw new BadUserInputError(field, `must span at most ${MAX_PERIOD_YEARS} years: from ${period.from} may run to ${isoDay(last)} at the latest, got ${period.to}.`);
  }
  return { from: period.from, to: period.to };
}

const isoDay = (date: Date) => `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;

/** A list length argument: a whole number from 1 to `max`. */
export function limitOf(field: string, value: number, max = 100): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new BadUserInputError(field, `must be a whole number from 1 to ${max}, got ${value}.`);
  return value;
}
