import type { DataSource } from 'typeorm';
import type { Caller } from '../../common/scope';
import { byId, ChildConnections } from '../../common/loaders';
import type { PageArgs } from '../../common/pagination';
import type { Certification } from './entities/certification';
import type { Deal } from './entities/deal';
import type { DealEvent } from './entities/deal-event';
import type { DealLine } from './entities/deal-line';
import type { Partner } from './entities/partner';
import { CertificationRepository } from './repositories/certifications';
import { DealEventRepository, DEAL_EVENT_ORDER } from './repositories/deal-events';
import { DealLineRepository } from './repositories/deal-lines';
import { DEAL_ORDER, DealRepository, type DealFilter, type DealOwner } from './repositories/deals';
import { PartnerRepository, type PartnerFilter } from './repositories/partners';

/**
 * Request-scoped loaders. Every reference and relation goes through one of them, so a list of N
 * parents costs a fixed number of statements. The identity is here for row scoping (a later step).
 */
export function createLoaders(dataSource: DataSource, caller: Caller) {
  void caller;
  const partners = new PartnerRepository(dataSource);
  const certifications = new CertificationRepository(dataSource);
  const deals = new DealRepository(dataSource);
  const dealLines = new DealLineRepository(dataSource);
  const dealEvents = new DealEventRepository(dataSource);

  const dealsOf = (owner: DealOwner) =>
    new ChildConnections<Deal, DealFilter>(
      DEAL_ORDER,
      (keys, args) => deals.findPagesByOwner(owner, keys, args.filter, args),
      (keys, filter) => deals.countByOwner(owner, keys, filter),
    );

  return {
    /** Root lists: one page, one statement (plus one for totalCount when asked). */
    partnerPage: (filter: PartnerFilter | null | undefined, args: PageArgs) => partners.list(filter, args),
    dealPage: (filter: DealFilter | null | undefined, args: PageArgs) => deals.list(filter, args),

    partnerById: byId<Partner | null>((ids) => partners.findByIds(ids)),
    certificationById: byId<Certification | null>((ids) => certifications.findByIds(ids)),
    certificationsByPartnerId: byId<Certification[]>((ids) => certifications.findByPartnerIds(ids)),
    dealById: byId<Deal | null>((ids) => deals.findByIds(ids)),
    dealLinesByDealId: byId<DealLine[]>((ids) => dealLines.findByDealIds(ids)),

    dealsByPartner: dealsOf('partner'),
    dealsByVendor: dealsOf('vendor'),
    dealsByDistributor: dealsOf('distributor'),
    historyByDeal: new ChildConnections<DealEvent>(
      DEAL_EVENT_ORDER,
      (keys, args) => dealEvents.findPagesByDealIds(keys, args),
      (keys) => dealEvents.countByDealIds(keys),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
