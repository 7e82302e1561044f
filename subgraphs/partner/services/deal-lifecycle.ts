import type { DataSource } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../common/errors';
import { isUuid, normalizeId } from '../../../common/ids';
import { requireAction, type Action } from '../../../common/permissions';
import type { Condition } from '../../../common/pagination';
import type { Caller } from '../../../common/scope';
import type { Deal, DealStatus } from '../entities/deal';
import type { EntityManager } from 'typeorm';
import { appendDealEvent, findDealInScope, transitionDeal, verifyDeal, type Actor, type TransitionChanges } from '../repositories/deal-writes';
import { dealAmount, positiveMoney, reason, versionOf, type MoneyInput } from './validation';

export type DealOutcome = 'WON' | 'LOST';

/**
 * The decisions on a registration after it is made (docs/product.md, docs/triangle.md):
 *
 * | decision     | who (role, and which deals: the row scope)                  | from                    | to        |
 * |--------------|-------------------------------------------------------------|-------------------------|-----------|
 * | approveDeal  | DISTRIBUTOR it is routed to; VENDOR of the deal (override)  | SUBMITTED               | APPROVED  |
 * | rejectDeal   | DISTRIBUTOR it is routed to; VENDOR of the deal (override)  | SUBMITTED               | REJECTED  |
 * | withdrawDeal | PARTNER that registered it                                  | SUBMITTED               | WITHDRAWN |
 * | closeDeal    | PARTNER that registered it; VENDOR of the deal              | APPROVED (not expired)  | WON, LOST |
 *
 * Closing WON records the claim (final_amount_minor, Deal.reportedAmount), at most ten times the registered amount;
 * the vendor's own close is verified at once (its figure is the one a verification would confirm). Verifications
 * are services/revenue-verification.ts.
 *
 * "Who" by role is common/permissions.ts, the table the gateway enforces too; a role not in it is FORBIDDEN. "Which
 * deals" is exactly the caller's row scope (scope.ts: vendor_id = V, partner_id = P, distributor_id = D), so a deal
 * outside it is NOT_FOUND, like a missing one.
 */
const ALLOWED: Record<'approve' | 'reject' | 'withdraw' | 'close', { action: Action; from: DealStatus; verb: string }> = {
  approve: { action: 'approveDeal', from: 'SUBMITTED', verb: 'approved' },
  reject: { action: 'rejectDeal', from: 'SUBMITTED', verb: 'rejected' },
  withdraw: { action: 'withdrawDeal', from: 'SUBMITTED', verb: 'withdrawn' },
  close: { action: 'closeDeal', from: 'APPROVED', verb: 'closed' },
};

export class DealLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
    private readonly scope: Condition,
  ) {}

  approve(id: string, expectedVersion: number, note: string | null | undefined): Promise<Deal> {
    this.checkRole('approve');
    const text = reason('note', note, false);
    return this.decide(id, versionOf('expectedVersion', expectedVersion), 'approve', 'APPROVED', text, {
      changes: () => ({ startProtection: true }),
    });
  }

  reject(id: string, expectedVersion: number, why: string): Promise<Deal> {
    this.checkRole('reject');
    const text = reason('reason', why, true);
    return this.decide(id, versionOf('expectedVersion', expectedVersion), 'reject', 'REJECTED', text);
  }

  withdraw(id: string, expectedVersion: number, why: string | null | undefined): Promise<Deal> {
    this.checkRole('withdraw');
    const text = reason('reason', why, false);
    return this.decide(id, versionOf('expectedVersion', expectedVersion), 'withdraw', 'WITHDRAWN', text);
  }

  close(
    id: string,
    expectedVersion: number,
    outcome: DealOutcome,
    finalAmount: MoneyInput | null | undefined,
    why: string | null | undefined,
  ): Promise<Deal> {
    this.checkRole('close');
    const version = versionOf('expectedVersion', expectedVersion);
    const text = reason('reason', why, false);
    if (outcome === 'WON') {
      if (!finalAmount) throw new BadUserInputError('finalAmount', 'is required to close a deal as WON: the amount the customer signed for.');
      positiveMoney('finalAmount', finalAmount);
    } else if (finalAmount) {
      throw new BadUserInputError('finalAmount', 'must be left out when the deal is LOST.');
    }
    // the claim, read against the deal: its currency, at most ten times what was registered
    let claim: bigint | null = null;
    return this.decide(id, version, 'close', outcome, text, {
      changes: () => (claim === null ? {} : { finalAmountMinor: claim }),
      check: (deal) => {
        if (finalAmount) claim = dealAmount('finalAmount', finalAmount, deal, 1n);
      },
      eventAmountMinor: () => claim,
      // the vendor's own figure needs no one else's confirmation: its close is also its verification
      after: async (manager, deal, newVersion, actor) => {
        if (claim === null || actor.role !== 'VENDOR') return;
        const verified = await verifyDeal(manager, deal.id, newVersion, claim, actor);
        if (!verified) throw new Error(`deal ${deal.id} changed within the transaction that closed it`);
        await appendDealEvent(manager, deal.id, 'WON', 'WON', actor, 'Closed WON by the vendor: its own figure', {
          kind: 'REVENUE_VERIFIED',
          amountMinor: claim,
          at: verified.verifiedAt,
        });
      },
    });
  }

  private checkRole(decision: keyof typeof ALLOWED): void {
    requireAction(this.caller.identity, ALLOWED[decision].action);
  }

  /**
   * One decision in one transaction: the deal as the caller may see it (NOT_FOUND otherwise), the version the caller
   * read, the status it must be in (as it reads now), then the optimistic UPDATE and the event. Of concurrent
   * decisions the UPDATE lets exactly one through; the others find the version moved and get CONFLICT.
   */
  private async decide(
    rawId: string,
    expectedVersion: number,
    action: keyof typeof ALLOWED,
    to: DealStatus,
    note: string | null,
    steps: DecisionSteps = {},
  ): Promise<Deal> {
    const id = normalizeId(rawId);
    // an id that cannot exist is missing, like any other
    if (!isUuid(id)) throw new NotFoundError('Deal', rawId);
    const actor = actorOf(this.caller);
    const { from, verb } = ALLOWED[action];
    return this.dataSource.transaction(async (manager) => {
      const deal = await findDealInScope(manager, id, this.scope);
      if (!deal) throw new NotFoundError('Deal', rawId);
      steps.check?.(deal);
      if (deal.version !== expectedVersion) throw stale(deal);
      if (deal.status !== from) throw new ConflictError(`Deal ${deal.id} is ${deal.status}: only a ${from} deal can be ${verb}.`);
      const version = await transitionDeal(manager, deal.id, expectedVersion, from, to, steps.changes?.() ?? {});
      if (version === null) {
        // changed between our read and our update (a concurrent decision, or its protection just ended)
        const now = await findDealInScope(manager, deal.id, this.scope);
        if (!now) throw new NotFoundError('Deal', rawId);
        if (now.version !== expectedVersion) throw stale(now);
        throw new ConflictError(`Deal ${now.id} is ${now.status}: only a ${from} deal can be ${verb}.`);
      }
      await appendDealEvent(manager, deal.id, deal.status, to, actor, note, { amountMinor: steps.eventAmountMinor?.() ?? null });
      await steps.after?.(manager, deal, version, actor);
      return (await findDealInScope(manager, deal.id, this.scope))!;
    });
  }
}

/** What a decision does besides the transition, each step read when it runs (after the deal was read and checked). */
interface DecisionSteps {
  /** Checks the deal as read, before anything is written (BAD_USER_INPUT on an amount that does not fit it). */
  check?: (deal: Deal) => void;
  changes?: () => TransitionChanges;
  /** The amount the transition's event records. */
  eventAmountMinor?: () => bigint | null;
  /** Writes after the transition and its event, in the same transaction. */
  after?: (manager: EntityManager, deal: Deal, version: number, actor: Actor) => Promise<void>;
}

/** The caller as a deal's history records it. */
export function actorOf({ identity }: Caller): Actor {
  return { subject: identity.subject, role: identity.role, organizationId: identity.organizationId.toLowerCase() };
}

const stale = (deal: Deal) =>
  new ConflictError(
    `The deal changed since you read it: version is now ${deal.version} (status ${deal.status}). Read it again and decide on the current version.`,
  );
