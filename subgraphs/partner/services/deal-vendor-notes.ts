import type { DataSource } from 'typeorm';
import { recordChange } from '../../../common/audit';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../common/errors';
import { isUuid, normalizeId } from '../../../common/ids';
import type { Condition } from '../../../common/pagination';
import { requireAction } from '../../../common/permissions';
import type { Caller } from '../../../common/scope';
import { CONTROL_CHARACTERS_EXCEPT_LINES, isBlank } from '../../../common/validation';
import type { Deal } from '../entities/deal';
import { lockDealInScope, writeVendorNotes } from '../repositories/deal-notes';
import { versionOf } from './validation';

export const MAX_VENDOR_NOTES = 2000;

/** The audit trail keeps note changes apart from the deal's own record, so no reader of a deal's changes sees them by accident. */
export const VENDOR_NOTES_TRAIL = 'DealVendorNotes';

/** Trimmed notes of at most MAX_VENDOR_NOTES characters (line breaks allowed); blank or null clears them. */
export function vendorNotes(field: string, value: string | null | undefined): string | null {
  const text = (value ?? '').trim();
  if (isBlank(text)) return null;
  if (text.length > MAX_VENDOR_NOTES) throw new BadUserInputError(field, `must be at most ${MAX_VENDOR_NOTES} characters, got ${text.length}.`);
  if (CONTROL_CHARACTERS_EXCEPT_LINES.test(text)) throw new BadUserInputError(field, 'must not contain control characters other than line breaks.');
  return text;
}

/**
 * setDealVendorNotes: the vendor of a deal (its row scope: vendor_id = V; any other deal is NOT_FOUND) writes its own
 * notes. The deal's version and updatedAt stay as they are: the partner and the distributor read them, and a note
 * must neither tell them something changed nor make their decisions stale. With expectedVersion, the notes are
 * refused when the deal moved on since the vendor read it. Notes equal to the current ones write nothing.
 */
export async function setDealVendorNotes(
  dataSource: DataSource,
  caller: Caller,
  scope: Condition,
  rawId: string,
  expectedVersion: number | null | undefined,
  notes: string | null | undefined,
): Promise<Deal> {
  const { identity } = caller;
  requireAction(identity, 'setDealVendorNotes');
  const text = vendorNotes('notes', notes);
  const version = expectedVersion === null || expectedVersion === undefined ? null : versionOf('expectedVersion', expectedVersion);
  const id = normalizeId(rawId);
  if (!isUuid(id)) throw new NotFoundError('Deal', rawId);
  return dataSource.transaction(async (manager) => {
    const deal = await lockDealInScope(manager, id, scope);
    if (!deal) throw new NotFoundError('Deal', rawId);
    if (version !== null && deal.version !== version)
      throw new ConflictError(
        `The deal changed since you read it: version is now ${deal.version} (status ${deal.status}). Read it again before writing notes.`,
      );
    if (deal.vendorNotes === text) return deal;
    await writeVendorNotes(manager, deal.id, text);
    await recordChange(manager, identity, {
      entityType: VENDOR_NOTES_TRAIL,
      entityId: deal.id,
      action: text === null ? 'CLEARED' : 'UPDATED',
      before: { vendorNotes: deal.vendorNotes },
      after: { vendorNotes: text },
    });
    deal.vendorNotes = text;
    return deal;
  });
}
