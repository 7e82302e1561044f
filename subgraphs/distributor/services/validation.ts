import { BadUserInputError } from '../../../common/errors';
import { parseAmount, type Money } from '../../../common/money';
import { checkedPeriod, type Period } from '../../../common/validation';

export const MAX_PAYMENT_TERMS_DAYS = 365;

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

/** A reporting period (see checkedPeriod); a date that is not one is refused on `period.from` / `period.to`. */
export const reportingPeriod = (field: string, value: { from: string; to: string }): Period =>
  checkedPeriod(field, value, (name, end) => `${name}.${end}`);
