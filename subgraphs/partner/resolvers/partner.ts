import type { Partner as PartnerRow } from '../entities/partner';
import type { ChildPageArgs } from '../../../common/loaders';
import type { DealFilter } from '../repositories/deals';
import type { Context } from '../context';

export const partnerResolvers = {
  Partner: {
    __resolveReference: ({ id }: { id: string }, { loaders }: Context) => loaders.partnerById.load(id),
    certifications: (partner: PartnerRow, _: unknown, { loaders }: Context) => loaders.certificationsByPartnerId.load(partner.id),
    deals: (partner: PartnerRow, args: ChildPageArgs<DealFilter>, { loaders }: Context) => loaders.dealsByPartner.load(partner.id, args),
  },
};
