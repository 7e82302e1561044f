/** Exact decimal arithmetic for derived figures (never floats). */

/** numerator / denominator as a decimal string with `decimals` places, rounded half away from zero. */
export function ratio(numerator: bigint, denominator: bigint, decimals: number): string {
  if (denominator === 0n) throw new RangeError('ratio: division by zero');
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const scaled = n * 10n ** BigInt(decimals);
  let quotient = scaled / d;
  if ((scaled % d) * 2n >= d) quotient += 1n;
  const digits = quotient.toString().padStart(decimals + 1, '0');
  const text = decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  return negative && quotient !== 0n ? `-${text}` : text;
}

/** (list - cost) / list with 4 decimals, e.g. "0.7500"; null when the list price is zero. */
export function margin(listMinor: string | number | bigint, costMinor: string | number | bigint): string | null {
  const list = BigInt(listMinor);
  if (list === 0n) return null;
  return ratio(list - BigInt(costMinor), list, 4);
}

/** Basis points as a percentage with 2 decimals: 1500 -> "15.00". */
export function bpsToPercent(bps: number): string {
  return ratio(BigInt(bps), 100n, 2);
}
