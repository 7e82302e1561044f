import { organizationOf } from '../../../common/identity';
import type { DealEvent as DealEventRow } from '../entities/deal-event';
import type { Context } from '../context';

export const dealEventResolvers = {
  DealEvent: {
    /** Who acted is a person of the acting organization: only that organization learns the subject (the others its role and id). */
    actorSubject: (event: DealEventRow, _: unknown, { identity }: Context) =>
      event.actorOrganizationId === organizationOf(identity) ? event.actorSubject : null,
  },
};
