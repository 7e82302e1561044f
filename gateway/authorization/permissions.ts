import { ACTION_NAMES, rolesFor } from '../../common/permissions';
import { anyOf, anyRoleOf, isAuthenticated as anyone, isDistributor, isPartner, isVendor, type RuleTree } from './rules';

/**
 * The triangle (docs/triangle.md) as one rule tree, checked by the gateway against every operation before it is
 * planned. Field rules decide what a role may ask for; which rows it gets ("own", "its network", "enrolled
 * vendors") is scoped in SQL by the subgraph that owns them. A field without a rule here is denied.
 */
const vendorOrPartner = anyOf(isVendor, isPartner);
const vendorOrDistributor = anyOf(isVendor, isDistributor);
const partnerOrDistributor = anyOf(isPartner, isDistributor);

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
    deal: anyone,
    deals: anyone,
    lead: anyone, // own / assigned to it / assigned to or passed on by it, by row scope
    leads: anyone,
    distributor: anyone,
    distributors: anyone,
    members: anyone, // the caller's own organization's, by the directory's scope
  },
  // who may act: one table, common/permissions.ts, which the subgraphs check again before they act
  Mutation: Object.fromEntries(ACTION_NAMES.map((action) => [action, anyRoleOf(rolesFor(action))])),
  Viewer: anyone,
  // a member of the caller's own organization (the only ones any list or lookup reaches)
  Member: anyone,
  MemberConnection: anyone,
  MemberEdge: anyone,

  Vendor: {
    '*': anyone, // id, slug, name, website, country; products, incentives, partnerships and deals are row-scoped
    programs: vendorOrPartner,
    distributionAgreements: vendorOrDistributor,
    distributors: vendorOrDistributor,
    directAccounts: isVendor,
    engagementRules: isVendor,
    pipeline: isVendor,
    topPartners: isVendor,
    topDistributors: isVendor,
    channelMix: isVendor,
    leads: anyone, // row-scoped: a vendor's own only
    leadAcceptanceHours: isVendor,
    leadFunnel: isVendor,
  },
  Product: {
    '*': anyone, // listPrice: own / enrolled vendors / carried vendors, by row scope
    unitCost: isVendor,
    margin: isVendor,
    history: isVendor, // the vendor's own trail: it carries unit cost
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
    budget: isVendor,
    spent: isVendor,
  },
  IncentiveEligibility: anyone,
  Partnership: {
    '*': anyone, // tier: own partners / self / its network
    program: vendorOrPartner,
    targetRevenue: vendorOrPartner,
    scorecard: vendorOrPartner, // attainment: own partners / self; a distributor sees the tier only
    history: vendorOrPartner, // the two sides' acts and reasons; a distributor sees its network's tiers, not their story
  },
  PartnershipScorecard: vendorOrPartner,
  TierEvaluation: isVendor,
  TierChange: isVendor,
  ChannelMix: isVendor,
  PartnerRanking: isVendor,
  DistributorRanking: isVendor,
  NetworkPartnerRanking: isDistributor,
  Period: anyone,
  DistributionAgreement: vendorOrDistributor,
  DirectAccount: isVendor,
  EngagementRule: isVendor,
  AmountBand: isVendor,
  MdfRequest: vendorOrPartner,

  Partner: {
    '*': anyone,
    // the partner and the vendors that gate tiers and incentives on the profile see how it changed; a distributor
    // sees the profile as it is now
    history: vendorOrPartner,
    mdfRequests: vendorOrPartner,
    eligibleIncentives: vendorOrPartner,
  },
  Certification: {
    '*': anyone,
    // a person's name: the partner and the vendor the certification is for (the subgraph nulls it for other
    // vendors, whom the rule cannot tell apart); never a distributor, which only needs to know what its network can do
    holderName: vendorOrPartner,
    history: vendorOrPartner, // its snapshots carry the holder's name, so the same readers
  },
  Deal: {
    '*': anyone, // its products / own / routed to it, by row scope; hasConflict: the partner's once decided (resolver)
    vendorNotes: isVendor,
    vendorNotesHistory: isVendor,
    conflicts: vendorOrDistributor, // who collides: the vendor and the distributor it is routed to
    owner: isPartner, // the partner's people are its own business
  },
  DealConflict: {
    '*': vendorOrDistributor,
    engagementRule: isVendor, // the segment the vendor reserves is its own business; the distributor sees the kind
  },
  PipelineStage: isVendor,
  DealActor: anyone, // who verified a deal's revenue: the subject only for the actor's own organization (resolver)
  DealLine: anyone,
  DealRegistrant: anyone,
  DealEvent: {
    '*': anyone, // OWNER_CHANGED events are the partner's only, by row scope
    owner: isPartner,
    previousOwner: isPartner,
  },
  ChangeEvent: anyone,
  FieldChange: anyone,
  Lead: {
    '*': anyone, // own / assigned to it / assigned to or passed on by it, by row scope; contact fields null until accepted
    externalRef: isVendor,
    owner: isPartner,
  },
  LeadImport: isVendor,
  LeadFunnel: isVendor,
  LeadFunnelFigures: isVendor,
  PartnerLeadFunnel: isVendor,
  LeadImportRejection: isVendor,

  Distributor: {
    '*': anyone,
    network: vendorOrDistributor,
    sellThrough: vendorOrDistributor,
    distributionAgreements: vendorOrDistributor,
    approvalQueue: isDistributor,
    topPartners: isDistributor,
  },
  NetworkMembership: {
    '*': anyone,
    creditLimit: partnerOrDistributor, // self / own network; never the vendor
    paymentTermsDays: partnerOrDistributor,
    history: partnerOrDistributor, // the two sides' acts; the vendor sees ACTIVE memberships of its lines only
  },
  SellThroughLine: vendorOrDistributor,
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
