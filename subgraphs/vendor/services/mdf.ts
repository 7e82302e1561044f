import type { DataSource, EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import type { Caller } from '../../../common/scope';
import { isUuid } from '../../../common/ids';
import { formatMinor, parseAmount } from '../../../common/money';
import type { MdfRequest } from '../entities';
import type { MdfRequestStatus } from '../entities/mdf-request';
import { lockIncentive } from '../repositories/incentives';
import {
  addSpent,
  incentiveInScope,
  insertMdfRequest,
  lockMdfRequest,
  mdfRequestById,
  partnershipStatus,
  transitionMdfRequest,
  type MdfTransition,
} from '../repositories/mdf-requests';
import { incentiveScopeOf, mdfRequestScope } from '../scope';
import { requireVendor } from './actor';
import { idOrNull, requiredText } from '../../../common/validation';
import { TEXT_MAX, type MoneyInput } from './input';

/**
 * Market development funds, one request's life:
 *
 *   requestMdf (partner) → REQUESTED ─ approveMdf (vendor) → APPROVED ─ claimMdf (partner) → CLAIMED ─ markMdfPaid (vendor) → PAID
 *                                    └ rejectMdf (vendor)  → REJECTED
 *
 * Every step locks the request row (SELECT … FOR UPDATE) within the caller's scope (scope.ts: a vendor's requests are
 * those on its incentives, a partner's its own; anything else → NOT_FOUND) and checks its status under that lock, so of
 * two concurrent steps on one request exactly one happens, the other → CONFLICT naming the status it found.
 * Approvals also lock the incentive row and add the approved amount to incentives.spent_minor: approved amounts never
 * exceed the budget (no budget = unlimited), however many approvals run at once.
 */

export const ACTIVITY_MAX = 500;
export const PROOF_MAX = 2000;

export interface RequestMdfInput {
  incentiveId: string;
  activity: string;
  amount: MoneyInput;
  expectedPipeline?: MoneyInput | null;
}

/** The calling partner's id; a caller of another role is FORBIDDEN. Resolvers check this too. */
export function requirePartner(identity: Identity, action: string): string {
  if (identity.role !== 'PARTNER' || !isUuid(identity.organizationId)) {
    throw new ForbiddenError(`Only a partner may ${action}; you are signed in as ${identity.role}.`);
  }
  return identity.organizationId.toLowerCase();
}

/** An amount as given (any ISO 4217 currency, checked against the incentive's later), in minor units, > 0 or ≥ 0. */
function parseMoney(field: string, value: MoneyInput, positive: boolean): { minor: bigint; currency: string } {
  if (!value || typeof value !== 'object') throw new BadUserInputError(field, 'is required.');
  const currency = typeof value.currency === 'string' ? value.currency.trim() : '';
  const minor = parseAmount(field, String(value.amount), currency);
  if (positive && minor <= 0n) throw new BadUserInputError(`${field}.amount`, `must be more than 0 (got ${String(value.amount)}).`);
  if (minor < 0n) throw new BadUserInputError(`${field}.amount`, `must not be negative (got ${String(value.amount)}).`);
  return { minor, currency };
}

function inCurrency(field: string, given: { minor: bigint; currency: string }, currency: string, what: string): bigint {
  if (given.currency !== currency) throw new BadUserInputError(`${field}.currency`, `must be ${currency}, ${what} (got ${given.currency}).`);
  return given.minor;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

const article = (status: string) => (/^[AEIOU]/.test(status) ? 'an' : 'a');

/** The step `verb` needs the request in status `from`; anything else → CONFLICT naming the status it is in. */
function expectStatus(request: MdfRequest, from: MdfRequestStatus, verb: string): void {
  if (request.status !== from) {
    throw new ConflictError(`MDF request ${request.id} is ${request.status}: only ${article(from)} ${from} request can be ${verb}.`);
  }
}

/**
 * requestMdf (PARTNER P): a request against an MDF incentive P is eligible for, i.e. in P's incentive scope (scope.ts
 * incentiveScopeOf: audience PARTNER, of a vendor P is ACTIVE with, running today (UTC), every eligibility gate met;
 * any other incentive does not exist for P → NOT_FOUND); amount > 0 and an optional expected pipeline ≥ 0, both in the
 * incentive's currency. Audience, dates and the ACTIVE partnership are checked again inside the transaction (the
 * partnership share-locked), so a partnership suspended meanwhile stops the request. The budget is the vendor's
 * business: a request is not checked against it (approval is).
 */
export async function requestMdf(ds: DataSource, caller: Caller, input: RequestMdfInput): Promise<MdfRequest> {
  const { identity } = caller;
  const action = 'request market development funds';
  const partnerId = requirePartner(identity, action);
  const activity = requiredText('input.activity', input.activity, ACTIVITY_MAX, true);
  const amount = parseMoney('input.amount', input.amount, true);
  const pipeline =
    input.expectedPipeline === null || input.expectedPipeline === undefined
      ? null
      : parseMoney('input.expectedPipeline', input.expectedPipeline, false);
  // eligibility needs the partner and distributor contexts: asked before the transaction, never while it is open
  const id = idOrNull(input.incentiveId);
  const scope = id ? await incentiveScopeOf(ds, caller) : null;
  return ds.transaction(async (manager) => {
    const incentive = id && scope ? await incentiveInScope(manager, id, scope) : null;
    if (!incentive || incentive.audience !== 'PARTNER') throw new NotFoundError('Incentive', input.incentiveId);
    if (incentive.kind !== 'MDF') {
      throw new BadUserInputError(
        'input.incentiveId',
        `"${incentive.name}" is a ${incentive.kind} incentive: funds can be requested only from an MDF incentive.`,
      );
    }
    const today = todayUtc();
    if (incentive.startsOn > today || (incentive.endsOn !== null && incentive.endsOn < today)) {
      throw new BadUserInputError(
        'input.incentiveId',
        `"${incentive.name}" runs from ${incentive.startsOn} ${incentive.endsOn ? `to ${incentive.endsOn}` : 'with no end'}: it is not active today (${today}).`,
      );
    }
    const status = await partnershipStatus(manager, incentive.vendorId, partnerId);
    if (status !== 'ACTIVE') {
      throw new ForbiddenError(`Your partnership with this vendor is ${status ?? 'missing'}: funds can be requested only while it is ACTIVE.`);
    }
    const what = `the currency of "${incentive.name}"`;
    const requestId = await insertMdfRequest(manager, {
      incentiveId: incentive.id,
      partnerId,
      activity,
      amountMinor: inCurrency('input.amount', amount, incentive.currency, what),
      currency: incentive.currency,
      expectedPipelineMinor: pipeline ? inCurrency('input.expectedPipeline', pipeline, incentive.currency, what) : null,
    });
    return mdfRequestById(manager, requestId);
  });
}

/** One step of the flow on a request in the caller's scope: lock it, check its status, let `decide` check and record. */
async function step(
  ds: DataSource,
  identity: Identity,
  rawId: string,
  from: MdfRequestStatus,
  to: MdfRequestStatus,
  verb: string,
  decide: (manager: EntityManager, request: MdfRequest) => Promise<MdfTransition>,
): Promise<MdfRequest> {
  return ds.transaction(async (manager) => {
    const id = idOrNull(rawId);
    const request = id ? await lockMdfRequest(manager, id, mdfRequestScope(identity)) : null;
    if (!request) throw new NotFoundError('MdfRequest', rawId);
    expectStatus(request, from, verb);
    const changes = await decide(manager, request);
    // The row is locked and was in `from`: the guarded update cannot miss, short of a bug.
    if (!(await transitionMdfRequest(manager, request.id, from, to, changes))) {
      throw new ConflictError(`MDF request ${request.id} changed while it was being ${verb}: read it again.`);
    }
    return mdfRequestById(manager, request.id);
  });
}

/**
 * approveMdf (VENDOR, a request on one of its incentives, REQUESTED): all of the request or part of it
 * (0 < approved ≤ requested, in the request's currency). The incentive's row is locked (FOR UPDATE) while its budget
 * is checked and the approved amount added to what it has spent: concurrent approvals queue on that lock, each sees
 * what the previous ones spent, and the approved total never exceeds the budget.
 */
export async function approveMdf(ds: DataSource, identity: Identity, args: { id: string; approvedAmount?: MoneyInput | null }): Promise<MdfRequest> {
  const vendorId = requireVendor(identity, 'approve MDF requests');
  const given = args.approvedAmount === null || args.approvedAmount === undefined ? null : parseMoney('approvedAmount', args.approvedAmount, true);
  return step(ds, identity, args.id, 'REQUESTED', 'APPROVED', 'approved', async (manager, request) => {
    const requested = BigInt(request.amountMinor);
    const approved = given ? inCurrency('approvedAmount', given, request.currency, "the request's currency") : requested;
    if (approved > requested) {
      throw new BadUserInputError(
        'approvedAmount.amount',
        `must be at most the ${formatMinor(requested, request.currency)} ${request.currency} requested (got ${formatMinor(approved, request.currency)}).`,
      );
    }
    const incentive = await lockIncentive(manager, request.incentiveId, vendorId);
    if (!incentive) throw new NotFoundError('MdfRequest', args.id);
    if (incentive.budgetMinor !== null) {
      const left = BigInt(incentive.budgetMinor) - BigInt(incentive.spentMinor);
      if (approved > left) {
        const format = (minor: bigint) => `${formatMinor(minor, incentive.currency)} ${incentive.currency}`;
        throw new ConflictError(
          `Only ${format(left > 0n ? left : 0n)} left of the budget of "${incentive.name}" (${format(BigInt(incentive.budgetMinor))} budget, ` +
            `${format(BigInt(incentive.spentMinor))} spent): approve at most that much, or raise the budget first.`,
        );
      }
    }
    await addSpent(manager, incentive.id, approved);
    return { approvedAmountMinor: approved, decided: true };
  });
}

/** rejectMdf (VENDOR, REQUESTED): with the reason the partner reads. */
export async function rejectMdf(ds: DataSource, identity: Identity, args: { id: string; reason: string }): Promise<MdfRequest> {
  requireVendor(identity, 'reject MDF requests');
  const reason = requiredText('reason', args.reason, TEXT_MAX, true);
  return step(ds, identity, args.id, 'REQUESTED', 'REJECTED', 'rejected', async () => ({ reason, decided: true }));
}

/** claimMdf (PARTNER, its own request, APPROVED): with proof of performance (what was done, results, invoices). */
export async function claimMdf(ds: DataSource, identity: Identity, args: { id: string; proofOfPerformance: string }): Promise<MdfRequest> {
  requirePartner(identity, 'claim market development funds');
  const proofOfPerformance = requiredText('proofOfPerformance', args.proofOfPerformance, PROOF_MAX, true);
  return step(ds, identity, args.id, 'APPROVED', 'CLAIMED', 'claimed', async () => ({ proofOfPerformance }));
}

/** markMdfPaid (VENDOR, CLAIMED): the approved amount was paid out. */
export async function markMdfPaid(ds: DataSource, identity: Identity, args: { id: string }): Promise<MdfRequest> {
  requireVendor(identity, 'mark MDF requests paid');
  return step(ds, identity, args.id, 'CLAIMED', 'PAID', 'marked paid', async () => ({ paid: true }));
}
