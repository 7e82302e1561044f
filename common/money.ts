import { BadUserInputError } from './errors';

export interface Money {
  amount: string;
  currency: string;
}

const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, ISK: 0, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3 };
const CURRENCY = /^[A-Z]{3}$/;

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

/** Minor units (as stored: bigint, returned by pg as a string) to an exact decimal string. */
export function formatMinor(minor: string | number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? `.${digits.slice(-exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export function money(minor: string | number | bigint | null | undefined, currency: string): Money | null {
  if (minor === null || minor === undefined) return null;
  return { amount: formatMinor(minor, currency), currency };
}

/** Parses a decimal amount into minor units, refusing more decimals than the currency has. */
export function parseAmount(field: string, amount: string, currency: string): bigint {
  if (!CURRENCY.test(currency))
    throw new BadUserInputError(`${field}.currency`, `"${currency}" is not an ISO 4217 currency code such as EUR or USD.`);
  const exponent = currencyExponent(currency);
  const match = /^(-?)(\d{1,15})(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new BadUserInputError(`${field}.amount`, `"${amount}" is not a decimal amount such as 1250.00.`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) throw new BadUserInputError(`${field}.amount`, `${currency} amounts have at most ${exponent} decimals.`);
  return BigInt(`${sign}${whole}${fraction.padEnd(exponent, '0')}`);
}
