import { z } from 'zod';
import { isUuid, normalizeId } from '../ids';
import { calendarDate } from '../validation';

/** The most ids one list of a procedure's request may hold: a caller asks in chunks of this size. */
export const MAX_PROCEDURE_IDS = 5000;

/**
 * An id in a request, trimmed and lower-cased as stored. Any string is read: one that is not a uuid is an unknown id
 * (it matches nothing, the answer is the negative one), so the answer never tells a malformed id from a missing row.
 */
export const requestId = z.string().transform(normalizeId);

/** A list of request ids, normalized and distinct, at most `max`. */
export const requestIds = (max = MAX_PROCEDURE_IDS) =>
  z
    .array(z.string())
    .max(max)
    .transform((ids) => [...new Set(ids.map(normalizeId))]);

/** A real calendar day, YYYY-MM-DD from year 0001 (what PostgreSQL stores). */
export const calendarDay = z.string().refine((value) => calendarDate(value) !== null, 'must be a calendar date YYYY-MM-DD from year 0001');

/** An inclusive period of days; `from` after `to` is an empty period, not a malformed one. */
export const periodFields = { from: calendarDay, to: calendarDay };

/**
 * The request of the per-pair figures (partnerPerformance, sellThroughTotals): the pairs of these vendors and partners
 * in the period. A vendor asks with vendorIds exactly [itself], a partner with partnerIds exactly [itself].
 */
export const pairsInPeriod = z.object({ vendorIds: requestIds(), partnerIds: requestIds(), ...periodFields });

/** An id in an answer: a uuid (a peer answers ids from its rows), lower-cased. */
export const answerId = z
  .string()
  .refine(isUuid, 'must be a uuid')
  .transform((id) => id.toLowerCase());

/**
 * A list of answer ids (uuids), lower-cased. Checked in one pass rather than element by element: a vendor's scope facts
 * can list tens of thousands of partners, and this keeps their check as cheap as the hand-written filter it replaced.
 */
export const answerIds = z.array(z.string()).transform((ids, context) => {
  const bad = ids.findIndex((id) => !isUuid(id));
  if (bad >= 0) {
    context.addIssue({ code: 'custom', message: 'must be a uuid', path: [bad] });
    return z.NEVER;
  }
  return ids.map((id) => id.toLowerCase());
});

/** An amount in minor units, as a string of digits (exact: never a float). */
export const minorUnits = z.string().regex(/^-?\d+$/, 'must be an amount in minor units (digits)');

/** Money per currency code, in minor units. */
export const perCurrency = z.record(z.string(), minorUnits);

/** A record whose keys are ids (or "vendorId:partnerId" pairs of ids), lower-cased so lookups by a stored id find them. */
export const byLowerCaseKey = <V extends z.ZodType>(value: V) =>
  z
    .record(z.string(), value)
    .transform(
      (record) => Object.fromEntries(Object.entries(record).map(([key, entry]) => [key.toLowerCase(), entry])) as Record<string, z.output<V>>,
    );
