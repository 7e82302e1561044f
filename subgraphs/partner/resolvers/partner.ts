import type { Partner as PartnerRow } from '../entities/partner';
import type { ChildPageArgs } from '../../../common/loaders';
import type { DealFilter } from '../repositories/deals';
import type { Context } from '../context';
import { ForbiddenError } from '../../../common/errors';

export const partnerResolvers = {
  Partner: {
    __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loaders.partnerById.load(id),
    certifications: (partner: PartnerRow, _: unknown, { loaders }: Context) => loaders.certificationsByPartnerId.load(partner.id),
    /** The gateway's rule keeps distributors out; checked again here, as the trail is the partner's and its vendors'. */
    history: (partner: PartnerRow, _: unknown, { identity, loaders }: Context) => {
      if (identity.role === 'DISTRIBUTOR') throw new ForbiddenError("A distributor sees a partner's profile as it is now, not its history.");
      return loaders.partnerHistory.load(partner.id);
    },
    deals: (partner: PartnerRow, args: ChildPageArgs<DealFilter>, { loaders }: Context) => loaders.dealsByPartner.load(partner.id, args),
  },
};
