import { ACTION_NAMES } from '../../common/permissions';
import {
  actionRule,
  anyOf,
  distributorIn,
  isAuthenticated as anyone,
  isDistributor,
  isPartner,
  isVendor,
  partnerIn,
  vendorIn,
  type RuleTree,
} from './rules';

/**
 * The triangle (docs/triangle.md) and the groups inside each corner (DESIGN §6) as one rule tree, checked by the gateway
 * against every operation before it is planned. Field rules decide what a role, and which of its groups, may ask for
 * (ADMIN implied in every group rule; a member's rights are its groups' union); which rows it gets ("own", "its
 * network", "the partnerships it manages") is scoped in SQL by the subgraph that owns them. A field without a rule here
 * is denied; `isVendor` and the like admit every group of the role, `anyone` every caller.
 */
const vendorOrPartner = anyOf(isVendor, isPartner);
const vendorOrDistributor = anyOf(isVendor, isDistributor);

// The vendor's groups: records (deals, leads, MDF requests, direct accounts, engagement rules, notes, histories) are
// everyone's but ANALYST's; money (unit cost, margin, budgets, spend) is FINANCE's; vendor-wide analytics are FINANCE's
// and ANALYST's (a partner manager's leaderboards would show the partners not assigned to it).
const vendorRecords = vendorIn('PARTNER_MANAGER', 'FINANCE');
const vendorMoney = vendorIn('FINANCE');
const vendorAnalytics = vendorIn('FINANCE', 'ANALYST');
// The partner's: deals and leads are SALES' (MARKETING has none), MDF requests MARKETING's, credit terms its ADMINs'.
const partnerDeals = partnerIn('SALES');
const partnerMarketing = partnerIn('MARKETING');
const partnerAdmins = partnerIn();
// The distributor's: deals, the approval queue and leads are the deal desk's, credit terms CREDIT's.
const distributorDeals = distributorIn('DEAL_DESK');
const distributorCredit = distributorIn('CREDIT');

const dealReaders = anyOf(vendorRecords, partnerDeals, distributorDeals);
const leadReaders = dealReaders;
const mdfReaders = anyOf(vendorRecords, partnerMarketing);
const vendorRecordsOrDistributor = anyOf(vendorRecords, isDistributor);
// a membership's credit terms, and its history (whose snapshots carry them): never the vendor
const creditReaders = anyOf(partnerAdmins, distributorCredit);

export const permissions: RuleTree = {
  Query: {
    me: anyone,
    vendor: anyone,
    vendors: anyone,
    product: anyone,
    products: anyone,
    incentives: anyone,
    programs: vendorOrPartner,
    partner: anyone,
    partners: anyone,
    deal: dealReaders,
    deals: dealReaders,
    lead: leadReaders, // own / assigned to it / assigned to or passed on by it, by row scope
    leads: leadReaders,
    distributor: anyone,
    distributors: anyone,
    members: anyone, // the caller's own organization's, by the directory's scope
  },
  // who may act: one table (role × group), common/permissions.ts, which the subgraphs check again before they act
  Mutation: Object.fromEntries(ACTION_NAMES.map((action) => [action, actionRule(action)])),
  Viewer: anyone,
  // a member of the caller's own organization (the only ones any list or lookup reaches)
  Member: anyone,
  MemberConnection: anyone,
  MemberEdge: anyone,

  Vendor: {
    '*': anyone, // id, slug, name, website, country; products, incentives, partnerships are row-scoped
    programs: vendorOrPartner,
    deals: dealReaders,
    leads: leadReaders, // row-scoped: a vendor's own only
    distributionAgreements: vendorRecordsOrDistributor,
    distributors: vendorOrDistributor,
    directAccounts: vendorRecords,
    engagementRules: vendorRecords,
    pipeline: vendorAnalytics,
    topPartners: vendorAnalytics,
    topDistributors: vendorAnalytics,
    channelMix: vendorAnalytics,
    leadAcceptanceHours: isVendor,
    leadFunnel: vendorAnalytics,
  },
  Product: {
    '*': anyone, // listPrice: own / enrolled vendors / carried vendors, by row scope
    unitCost: vendorMoney,
    margin: vendorMoney,
    history: vendorMoney, // the vendor's own trail: it carries unit cost
  },
  PartnerProgram: vendorOrPartner,
  ProgramTier: {
    '*': vendorOrPartner, // thresholds and benefits
    name: anyone, // a distributor sees the tier of partners in its network, nothing more
    rank: anyone,
    id: anyone,
  },
  Incentive: {
    '*': anyone, // all own / eligible only / distributor-facing only, by row scope
    program: vendorOrPartner,
    budget: vendorMoney,
    spent: vendorMoney,
  },
  IncentiveEligibility: anyone,
  Partnership: {
    '*': anyone, // tier: own partners / self / its network
    program: vendorOrPartner,
    targetRevenue: vendorOrPartner,
    scorecard: vendorOrPartner, // attainment: own partners / self; a distributor sees the tier only
    history: anyOf(vendorRecords, isPartner), // the two sides' acts and reasons; a distributor sees its network's tiers, not their story
    manager: vendorRecords, // the vendor's own people: never the partner's or a distributor's to learn (the subgraph nulls it too)
  },
  PartnershipScorecard: vendorOrPartner,
  TierEvaluation: isVendor,
  TierChange: isVendor,
  ChannelMix: vendorAnalytics,
  PartnerRanking: vendorAnalytics,
  DistributorRanking: vendorAnalytics,
  NetworkPartnerRanking: isDistributor,
  Period: anyone,
  DistributionAgreement: vendorRecordsOrDistributor,
  DirectAccount: vendorRecords,
  EngagementRule: vendorRecords,
  AmountBand: vendorRecords,
  MdfRequest: mdfReaders,

  Partner: {
    '*': anyone,
    deals: dealReaders,
    // the partner and the vendors that gate tiers and incentives on the profile see how it changed; a distributor
    // sees the profile as it is now
    history: anyOf(vendorRecords, isPartner),
    mdfRequests: mdfReaders,
    eligibleIncentives: vendorOrPartner,
  },
  Certification: {
    '*': anyone,
    // a person's name: the partner and the vendor the certification is for (the subgraph nulls it for other
    // vendors, whom the rule cannot tell apart), not its analysts; never a distributor, which only needs to know what
    // its network can do
    holderName: anyOf(vendorRecords, isPartner),
    history: anyOf(vendorRecords, isPartner), // its snapshots carry the holder's name, so the same readers
  },
  Deal: {
    '*': dealReaders, // its products / own / routed to it, by row scope; hasConflict: the partner's once decided (resolver)
    vendorNotes: vendorRecords,
    vendorNotesHistory: vendorRecords,
    conflicts: anyOf(vendorRecords, distributorDeals), // who collides: the vendor and the distributor it is routed to
    owner: partnerDeals, // the partner's people are its own business (and a member's own)
  },
  DealConflict: {
    '*': anyOf(vendorRecords, distributorDeals),
    engagementRule: vendorRecords, // the segment the vendor reserves is its own business; the distributor sees the kind
  },
  PipelineStage: vendorAnalytics,
  DealActor: anyone, // who verified a deal's revenue: the subject only for the actor's own organization (resolver)
  DealLine: anyone,
  DealRegistrant: anyone,
  DealEvent: {
    '*': anyone, // OWNER_CHANGED events are the partner's only, by row scope
    owner: partnerDeals,
    previousOwner: partnerDeals,
  },
  ChangeEvent: anyone,
  FieldChange: anyone,
  Lead: {
    '*': leadReaders, // own / assigned to it / assigned to or passed on by it, by row scope; contact fields null until accepted
    externalRef: vendorRecords,
    owner: partnerDeals,
  },
  LeadImport: isVendor,
  LeadFunnel: vendorAnalytics,
  LeadFunnelFigures: vendorAnalytics,
  PartnerLeadFunnel: vendorAnalytics,
  LeadImportRejection: isVendor,

  Distributor: {
    '*': anyone,
    deals: dealReaders,
    network: vendorOrDistributor,
    sellThrough: vendorRecordsOrDistributor, // point-of-sale lines are records: not a vendor's analysts
    distributionAgreements: vendorRecordsOrDistributor,
    approvalQueue: distributorDeals,
    topPartners: isDistributor,
  },
  NetworkMembership: {
    '*': anyone,
    creditLimit: creditReaders, // self (its ADMINs) / own network (CREDIT); never the vendor
    paymentTermsDays: creditReaders,
    history: creditReaders, // the two sides' acts, with the credit terms before and after; the vendor sees ACTIVE memberships of its lines only
  },
  SellThroughLine: vendorRecordsOrDistributor,
  SellThroughReport: isDistributor,
  SellThroughLineRejection: isDistributor,

  Money: anyone,
  PageInfo: anyone,
  PartnerConnection: anyone,
  PartnerEdge: anyone,
  DealConnection: anyone,
  DealEdge: anyone,
  DealEventConnection: anyone,
  DealEventEdge: anyone,
  LeadConnection: anyone,
  LeadEdge: anyone,
  NetworkMembershipConnection: anyone,
  NetworkMembershipEdge: anyone,
  SellThroughConnection: anyone,
  SellThroughEdge: anyone,
};
