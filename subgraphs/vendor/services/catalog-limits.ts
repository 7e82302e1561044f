import { BadUserInputError, ConflictError } from '../../../common/errors';
import { formatMinor } from '../../../common/money';
import type { EntityManager } from 'typeorm';
import { countOf, type CountedTable } from '../repositories/catalog-writes';

/**
 * What one vendor may keep, so no tenant grows a list every reader pays for: the open rows (what lists show and what
 * every registration is matched against) and all rows (retired and ended ones too: lists that include them, the
 * audit trail). The open caps follow the lists' declared sizes (@listSize).
 */
export const CAPS: Record<CountedTable, { open: number; all: number; what: string; close: string }> = {
  products: { open: 2000, all: 10_000, what: 'products', close: 'retire one first' },
  direct_accounts: { open: 1000, all: 10_000, what: 'direct accounts', close: 'end one first' },
  engagement_rules: { open: 100, all: 1000, what: 'engagement rules', close: 'retire one first' },
};

/** Refuses (CONFLICT) one more row when the vendor is at a cap; the caller holds the vendor's lock (lockVendor). */
export async function requireRoom(manager: EntityManager, table: CountedTable, vendorId: string): Promise<void> {
  const cap = CAPS[table];
  const count = await countOf(manager, table, vendorId);
  if (count.open >= cap.open) throw new ConflictError(`You have ${count.open} open ${cap.what}, the most a vendor may have: ${cap.close}.`);
  if (count.all >= cap.all)
    throw new ConflictError(`You have ${count.all} ${cap.what} in all (retired or ended included), the most a vendor may keep.`);
}

/** An update must set a field or leave it out: null cannot clear a required one. */
export function notCleared(input: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    if (input[key] === null) throw new BadUserInputError(`input.${key}`, 'cannot be cleared: give a value or leave it out.');
  }
}

/** Money as the audit trail shows it: "1250.00 USD". */
export const moneyText = (minor: string | bigint | null, currency: string | null): string | null =>
  minor === null || currency === null ? null : `${formatMinor(minor, currency)} ${currency}`;

export const timeText = (at: Date | null): string | null => (at ? at.toISOString() : null);
