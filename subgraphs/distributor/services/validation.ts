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
