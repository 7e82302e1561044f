import type { PageArgs } from '../../../common/pagination';
import { viewerOf } from '../../../common/viewer';
import type { DealFilter } from '../repositories/deals';
import type { PartnerFilter } from '../repositories/partners';
import type { Context } from '../context';

export const queryResolvers = {
  Query: {
    partner: (_: unknown, { id }: { id: string }, { loaders }: Context) => loaders.partnerById.load(id),
    partners: (_: unknown, { filter, ...page }: PageArgs & { filter?: PartnerFilter | null }, { loaders }: Context) =>
      loaders.partnerPage(filter, page),
    deal: (_: unknown, { id }: { id: string }, { loaders }: Context) => loaders.dealById.load(id),
    deals: (_: unknown, { filter, ...page }: PageArgs & { filter?: DealFilter | null }, { loaders }: Context) => loaders.dealPage(filter, page),
    me: (_: unknown, __: unknown, { identity }: Context) => viewerOf(identity),
  },
};
