import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../common/scope';
import { byId, ChildConnections } from '../../common/loaders';
import { changesOf, type ChangeEvent } from '../../common/audit';
import type { PageArgs } from '../../common/pagination';
import type { Certification } from './entities/certification';
import type { Deal } from './entities/deal';
import type { DealEvent } from './entities/deal-event';
import type { DealLine } from './entities/deal-line';
import type { Lead } from './entities/lead';
import type { Partner } from './entities/partner';
import {
  countLeadsByVendor,
  findAcceptanceHours,
  findLeadPagesByVendor,
  findLeadsByIds,
  LEAD_ORDER,
  listLeads,
  type LeadFilter,
} from './repositories/leads';
import { findCertificationsByIds, findCertificationsByPartnerIds } from './repositories/certifications';
import { countDealEventsByDealIds, DEAL_EVENT_ORDER, findDealEventPagesByDealIds } from './repositories/deal-events';
import { findDealLinesByDealIds } from './repositories/deal-lines';
import {
  countDealsByOwner,
  countQueues,
  DEAL_ORDER,
  findDealPagesByOwner,
  findDealsByIds,
  findPartnerConflicts,
  findPipelines,
  findQueuePages,
  listDeals,
  QUEUE_ORDER,
  type DealFilter,
  type DealOwner,
  type PartnerRegistrationConflict,
  type PipelineStageRow,
} from './repositories/deals';
import { findPartnersByIds, listPartners, type PartnerFilter } from './repositories/partners';
import { findMembersBySubjects } from './repositories/owners';
import type { MemberRow } from '../../common/members/repository';
import { organizationOf } from '../../common/identity';
import { narrowingOf, rowScope } from './scope';
import { OWNER_CHANGED } from './services/leads';
import { VENDOR_NOTES_TRAIL } from './services/deal-vendor-notes';

/**
 * Request-scoped loaders. Every reference and relation goes through one of them, so a list of N
 * parents costs a fixed number of statements. Every statement carries the caller's row scope (scope.ts)
 * in its WHERE: out-of-scope rows are never fetched, so they are null, absent and uncounted, exactly
 * like rows that do not exist. Partner scope of vendors and distributors needs a peer's facts: it is
 * awaited inside the batch functions, so a request that reads no partner never asks.
 */
export async function createLoaders(dataSource: DataSource, caller: Caller) {
  const scope = rowScope(caller, await narrowingOf(caller));

  const dealsOf = (owner: DealOwner) =>
    new ChildConnections<Deal, DealFilter>(
      DEAL_ORDER,
      (keys, args) => findDealPagesByOwner(dataSource, owner, keys, args.filter, args, scope.deals),
      (keys, filter) => countDealsByOwner(dataSource, owner, keys, filter, scope.deals),
    );

  return {
    /** Root lists: one page, one statement (plus one for totalCount when asked). */
    partnerPage: async (filter: PartnerFilter | null | undefined, args: PageArgs) => listPartners(dataSource, filter, args, await scope.partners()),
    dealPage: (filter: DealFilter | null | undefined, args: PageArgs) => listDeals(dataSource, filter, args, scope.deals),

    partnerById: byId<Partner | null>(async (ids) => findPartnersByIds(dataSource, ids, await scope.partners())),
    certificationById: byId<Certification | null>(async (ids) => findCertificationsByIds(dataSource, ids, await scope.certifications())),
    certificationsByPartnerId: byId<Certification[]>(async (ids) => findCertificationsByPartnerIds(dataSource, ids, await scope.certifications())),
    dealById: byId<Deal | null>((ids) => findDealsByIds(dataSource, ids, scope.deals)),
    dealLinesByDealId: byId<DealLine[]>((ids) => findDealLinesByDealIds(dataSource, ids, scope.dealLines)),
    /** Audit trails of records already read in the caller's scope (the resolvers pass only those). */
    partnerHistory: byId<ChangeEvent[]>((ids) => changesOf(dataSource, 'Partner', ids)),
    certificationHistory: byId<ChangeEvent[]>((ids) => changesOf(dataSource, 'Certification', ids)),
    vendorNotesHistory: byId<ChangeEvent[]>((ids) => changesOf(dataSource, VENDOR_NOTES_TRAIL, ids)),

    dealsByPartner: dealsOf('partner'),
    dealsByVendor: dealsOf('vendor'),
    dealsByDistributor: dealsOf('distributor'),
    historyByDeal: new ChildConnections<DealEvent>(
      DEAL_EVENT_ORDER,
      (keys, args) => findDealEventPagesByDealIds(dataSource, keys, args, scope.dealEvents),
      (keys) => countDealEventsByDealIds(dataSource, keys, scope.dealEvents),
    ),
    /** Distributor.approvalQueue: submitted deals routed to each distributor, oldest first. */
    approvalQueueByDistributor: new ChildConnections<Deal>(
      QUEUE_ORDER,
      (keys, args) => findQueuePages(dataSource, keys, args, scope.deals),
      (keys) => countQueues(dataSource, keys, scope.deals),
    ),
    /** Earlier active registrations of other partners colliding with each deal: one statement for all deals of a response. */
    partnerConflictsByDealId: byId<PartnerRegistrationConflict[]>((ids) => findPartnerConflicts(dataSource, ids, scope.deals)),
    pipelineByVendorId: byId<PipelineStageRow[]>((ids) => findPipelines(dataSource, ids, scope.dealFigures)),

    leadPage: (filter: LeadFilter | null | undefined, args: PageArgs) => listLeads(dataSource, filter, args, scope.leads),
    leadById: byId<Lead | null>((ids) => findLeadsByIds(dataSource, ids, scope.leads)),
    leadsByVendor: new ChildConnections<Lead, LeadFilter>(
      LEAD_ORDER,
      (keys, args) => findLeadPagesByVendor(dataSource, keys, args.filter, args, scope.leads),
      (keys, filter) => countLeadsByVendor(dataSource, keys, filter, scope.leads),
    ),
    /** A lead's history: asked only for leads already read in scope (Lead.history), so the trail is the lead's readers'. */
    historyByLead: byId<ChangeEvent[]>(async (ids) => {
      const trails = await changesOf(dataSource, 'Lead', ids);
      // owner changes name the partner's people: the partner's own readers only
      return caller.identity.role === 'PARTNER' ? trails : trails.map((trail) => trail.filter((event) => event.action !== OWNER_CHANGED));
    }),
    /** The partner's own members by subject (Deal.owner, Lead.owner): nobody else's people are ever looked up. */
    // subjects are compared as written (byId would lower-case them like uuids)
    partnerMemberBySubject: new DataLoader<string, MemberRow | null>(async (subjects) => {
      const organization = organizationOf(caller.identity);
      if (caller.identity.role !== 'PARTNER' || !organization) return subjects.map(() => null);
      return findMembersBySubjects(dataSource, organization, subjects);
    }),
    acceptanceHoursByVendor: byId<number | null>((ids) => findAcceptanceHours(dataSource, ids, scope.leadSettings)),
  };
}

export type Loaders = Awaited<ReturnType<typeof createLoaders>>;
