import type { DataSource } from 'typeorm';
import { ConflictError, NotFoundError } from '../../../common/errors';
import { isUuid, normalizeId } from '../../../common/ids';
import { formatMinor, parseAmount } from '../../../common/money';
import { currencyCode } from '../../../common/validation';
import type { Condition } from '../../../common/pagination';
import { requireAction } from '../../../common/permissions';
import type { Caller } from '../../../common/scope';
import type { Deal } from '../entities/deal';
import { appendDealEvent, findDealInScope, verifyDeal } from '../repositories/deal-writes';
import { actorOf } from './deal-lifecycle';
import { dealAmount, reason, versionOf, type MoneyInput } from './validation';

/**
 * verifyDealRevenue (DESIGN §7): the vendor of a WON deal, or the distributor it is routed to (exactly the caller's
 * row scope: another's deal is NOT_FOUND, like a missing one), confirms the revenue the partner claimed. Rules:
 * - the verified amount may differ from the claim (the verifier confirms what was invoiced: a discount, seats added),
 *   in the deal's currency, from 0 (no revenue found) to ten times the registered amount (the claim's typo bound);
 * - a verification may be corrected by verifying again on the current version, each one an event in the deal's
 *   history with the amount it confirmed; but a distributor may not overwrite the vendor's verification (the vendor
 *   owns its revenue figures; the distributor confirms for it on deals routed through it);
 * - of concurrent verifications of one deal the optimistic UPDATE lets exactly one through; the others find the
 *   version moved: CONFLICT.
 */
export class RevenueVerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
    private readonly scope: Condition,
  ) {}

  async verify(rawId: string, expectedVersionInput: number, amount: MoneyInput, noteInput: string | null | undefined): Promise<Deal> {
    requireAction(this.caller.identity, 'verifyDealRevenue');
    const expectedVersion = versionOf('expectedVersion', expectedVersionInput);
    const note = reason('note', noteInput, false);
    // the amount's own form first (a decimal in a currency); against the deal once it is read
    parseAmount('amount', amount.amount, currencyCode('amount.currency', amount.currency));
    const id = normalizeId(rawId);
    if (!isUuid(id)) throw new NotFoundError('Deal', rawId);
    const actor = actorOf(this.caller);
    return this.dataSource.transaction(async (manager) => {
      const deal = await findDealInScope(manager, id, this.scope);
      if (!deal) throw new NotFoundError('Deal', rawId);
      const minor = dealAmount('amount', amount, deal, 0n);
      if (deal.version !== expectedVersion) throw stale(deal);
      if (deal.status !== 'WON') throw new ConflictError(`Deal ${deal.id} is ${deal.status}: only the revenue of a WON deal can be verified.`);
      if (actor.role === 'DISTRIBUTOR' && deal.verifiedByRole === 'VENDOR') {
        throw new ConflictError(
          `Deal ${deal.id}'s revenue was verified by the vendor (${formatMinor(deal.verifiedAmountMinor!, deal.currency.trim())} ${deal.currency.trim()}): only the vendor can change it.`,
        );
      }
      const verified = await verifyDeal(manager, deal.id, expectedVersion, minor, actor);
      if (!verified) {
        const now = await findDealInScope(manager, deal.id, this.scope);
        if (!now) throw new NotFoundError('Deal', rawId);
        throw now.version !== expectedVersion
          ? stale(now)
          : new ConflictError(`Deal ${now.id} is ${now.status}: only the revenue of a WON deal can be verified.`);
      }
      await appendDealEvent(manager, deal.id, 'WON', 'WON', actor, note, { kind: 'REVENUE_VERIFIED', amountMinor: minor, at: verified.verifiedAt });
      return (await findDealInScope(manager, deal.id, this.scope))!;
    });
  }
}

const stale = (deal: Deal) =>
  new ConflictError(
    `The deal changed since you read it: version is now ${deal.version} (status ${deal.status}). Read it again and verify on the current version.`,
  );
