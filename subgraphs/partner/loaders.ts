import type { DataSource } from 'typeorm';
import type { Caller } from '../../common/scope';
import { byId, ChildConnections } from '../../common/loaders';
import { changesOf, type ChangeEvent } from '../../common/audit';
import type { PageArgs } from '../../common/pagination';
import type { Certification } from './entities/certification';
import type { Deal } from './entities/deal';
import type { DealEvent } from './entities/deal-event';
import type { DealLine } from './entities/deal-line';
import type { Partner } from './entities/partner';
import { AnalyticsRepository, type LeaderboardMetric } from './repositories/analytics';
import { CertificationRepository } from './repositories/certifications';
import { DealEventRepository, DEAL_EVENT_ORDER } from './repositories/deal-events';
import { DealLineRepository } from './repositories/deal-lines';
import {
  DEAL_ORDER,
  DealRepository,
  QUEUE_ORDER,
  type DealFilter,
  type DealOwner,
  type PartnerRegistrationConflict,
  type PipelineStageRow,
} from './repositories/deals';
import { PartnerRepository, type PartnerFilter } from './repositories/partners';
import { rowScope } from './scope';
import { createServices } from './services';
import { VENDOR_NOTES_TRAIL } from './services/deal-vendor-notes';
import type { Period } from '../../common/validation';

/**
 * Request-scoped loaders. Every reference and relation goes through one of them, so a list of N
 * parents costs a fixed number of statements. Every statement carries the caller's row scope (scope.ts)
 * in its WHERE: out-of-scope rows are never fetched, so they are null, absent and uncounted, exactly
 * like rows that do not exist. Partner scope of vendors and distributors needs a peer's facts: it is
 * awaited inside the batch functions, so a request that reads no partner never asks.
 */
export function createLoaders(dataSource: DataSource, caller: Caller) {
  const scope = rowScope(caller);
  const partners = new PartnerRepository(dataSource);
  const certifications = new CertificationRepository(dataSource);
  const deals = new DealRepository(dataSource);
  const dealLines = new DealLineRepository(dataSource);
  const dealEvents = new DealEventRepository(dataSource);
  const analytics = new AnalyticsRepository(dataSource);

  const dealsOf = (owner: DealOwner) =>
    new ChildConnections<Deal, DealFilter>(
      DEAL_ORDER,
      (keys, args) => deals.findPagesByOwner(owner, keys, args.filter, args, scope.deals),
      (keys, filter) => deals.countByOwner(owner, keys, filter, scope.deals),
    );

  return {
    /** Root lists: one page, one statement (plus one for totalCount when asked). */
    partnerPage: async (filter: PartnerFilter | null | undefined, args: PageArgs) => partners.list(filter, args, await scope.partners()),
    dealPage: (filter: DealFilter | null | undefined, args: PageArgs) => deals.list(filter, args, scope.deals),

    partnerById: byId<Partner | null>(async (ids) => partners.findByIds(ids, await scope.partners())),
    certificationById: byId<Certification | null>(async (ids) => certifications.findByIds(ids, await scope.certifications())),
    certificationsByPartnerId: byId<Certification[]>(async (ids) => certifications.findByPartnerIds(ids, await scope.certifications())),
    dealById: byId<Deal | null>((ids) => deals.findByIds(ids, scope.deals)),
    dealLinesByDealId: byId<DealLine[]>((ids) => dealLines.findByDealIds(ids, scope.dealLines)),
    /** Audit trails of records already read in the caller's scope (the resolvers pass only those). */
    partnerHistory: byId<ChangeEvent[]>((ids) => changesOf(dataSource, 'Partner', ids)),
    certificationHistory: byId<ChangeEvent[]>((ids) => changesOf(dataSource, 'Certification', ids)),
    vendorNotesHistory: byId<ChangeEvent[]>((ids) => changesOf(dataSource, VENDOR_NOTES_TRAIL, ids)),

    dealsByPartner: dealsOf('partner'),
    dealsByVendor: dealsOf('vendor'),
    dealsByDistributor: dealsOf('distributor'),
    historyByDeal: new ChildConnections<DealEvent>(
      DEAL_EVENT_ORDER,
      (keys, args) => dealEvents.findPagesByDealIds(keys, args, scope.dealEvents),
      (keys) => dealEvents.countByDealIds(keys, scope.dealEvents),
    ),
    /** Distributor.approvalQueue: submitted deals routed to each distributor, oldest first. */
    approvalQueueByDistributor: new ChildConnections<Deal>(
      QUEUE_ORDER,
      (keys, args) => deals.findQueuePages(keys, args, scope.deals),
      (keys) => deals.countQueues(keys, scope.deals),
    ),
    /** Earlier active registrations of other partners colliding with each deal: one statement for all deals of a response. */
    partnerConflictsByDealId: byId<PartnerRegistrationConflict[]>((ids) => deals.findPartnerConflicts(ids, scope.deals)),
    pipelineByVendorId: byId<PipelineStageRow[]>((ids) => deals.pipelines(ids, scope.deals)),
    /** Vendor.topPartners: one ranking, one statement (a vendor asks about itself only, so there is nothing to batch). */
    topPartners: (vendorId: string, period: Period, metric: LeaderboardMetric, currency: string, limit: number) =>
      analytics.topPartners(vendorId, period, metric, currency, limit, scope.deals),

    /** Mutations: the write services, acting as the caller within its deal scope. */
    services: createServices(dataSource, caller, scope.deals),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
