import { organizationOf } from '../../../common/identity';
import { money } from '../../../common/money';
import type { DealEvent as DealEventRow } from '../entities/deal-event';
import type { Context } from '../context';

export const dealEventResolvers = {
  DealEvent: {
    /** In the deal's currency: the event is read through its deal, which the caller may see (usually loaded already). */
    amount: async (event: DealEventRow, _: unknown, { loaders }: Context) => {
      if (event.amountMinor === null) return null;
      const deal = await loaders.dealById.load(event.dealId);
      return deal ? money(event.amountMinor, deal.currency) : null;
    },
    /** Who acted is a person of the acting organization: only that organization learns the subject (the others its role and id). */
    actorSubject: (event: DealEventRow, _: unknown, { identity }: Context) =>
      event.actorOrganizationId === organizationOf(identity) ? event.actorSubject : null,
    /** OWNER_CHANGED: the partner's members (only the partner reads these events: scope.ts). */
    owner: (event: DealEventRow, _: unknown, { loaders }: Context) =>
      event.ownerSubject ? loaders.partnerMemberBySubject.load(event.ownerSubject) : null,
    previousOwner: (event: DealEventRow, _: unknown, { loaders }: Context) =>
      event.previousOwnerSubject ? loaders.partnerMemberBySubject.load(event.previousOwnerSubject) : null,
  },
};
