import type { DataSource } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../common/errors';
import { isUuid, normalizeId } from '../../../common/ids';
import type { Condition } from '../../../common/pagination';
import { requireAction } from '../../../common/permissions';
import type { Caller } from '../../../common/scope';
import type { Deal } from '../entities/deal';
import { appendDealEvent, findDealInScope, lockDealInScope, setDealOwner } from '../repositories/deal-writes';
import { actorOf } from './deal-lifecycle';
import { checkedOwner, ownerSubjectOf } from './owners';
import { versionOf } from './validation';

/**
 * reassignDeal: the partner's ADMIN gives one of its deals, in any status, to another of its members (an ACTIVE one in
 * SALES or ADMIN). One transaction: the deal locked in the caller's scope (NOT_FOUND otherwise), the version the caller
 * read, the member held, the owner set (version bumped) and an OWNER_CHANGED event in the deal's history, which only
 * the partner reads (its people are its own business).
 */
export class DealOwnerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
    private readonly scope: Condition,
  ) {}

  async reassign(rawId: string, expectedVersion: number, ownerSubject: string): Promise<Deal> {
    const { identity } = this.caller;
    requireAction(identity, 'reassignDeal');
    const version = versionOf('expectedVersion', expectedVersion);
    const subject = ownerSubjectOf(ownerSubject);
    const id = normalizeId(rawId);
    if (!isUuid(id)) throw new NotFoundError('Deal', rawId);
    return this.dataSource.transaction(async (manager) => {
      const deal = await lockDealInScope(manager, id, this.scope);
      if (!deal) throw new NotFoundError('Deal', rawId);
      if (deal.version !== version)
        throw new ConflictError(
          `The deal changed since you read it: version is now ${deal.version} (status ${deal.status}). Read it again and reassign the current version.`,
        );
      const owner = await checkedOwner(manager, deal.partnerId, subject);
      if (deal.ownerSubject === owner) throw new BadUserInputError('ownerSubject', `${owner} already owns deal ${deal.id}.`);
      const moved = await setDealOwner(manager, deal.id, version, owner);
      // the row is locked: only a bug lets the version move under us
      if (moved === null) throw new Error(`deal ${deal.id} changed while locked`);
      await appendDealEvent(manager, deal.id, deal.status, deal.status, actorOf(this.caller), null, {
        kind: 'OWNER_CHANGED',
        owner: { subject: owner, previous: deal.ownerSubject },
      });
      return (await findDealInScope(manager, deal.id, this.scope))!;
    });
  }
}
