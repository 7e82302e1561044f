import { stableId } from '../../common/ids';
import { Random } from './random';

/**
 * The demo ecosystem of docs/product.md. Ids are derived from names, so each subgraph seeds its own
 * tables from this one description and the references between subgraphs line up.
 */
export type PartnerType = 'VAR' | 'MSP' | 'SI' | 'REFERRAL' | 'ISV';
export type SalesMotion = 'SELL_TO' | 'SELL_THROUGH' | 'SELL_WITH' | 'HYBRID';
export type DealStatus = 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'WON' | 'LOST' | 'EXPIRED' | 'WITHDRAWN';
export type Region = 'EMEA' | 'NA';

export interface DemoVendor {
  id: string;
  slug: string;
  name: string;
  website: string;
  country: string;
  currency: string;
}
export interface DemoProduct {
  id: string;
  vendorId: string;
  sku: string;
  name: string;
  category: string;
  listPriceMinor: number;
  unitCostMinor: number;
  currency: string;
}
export interface DemoTier {
  id: string;
  programId: string;
  name: string;
  rank: number;
  minRevenueMinor: number;
  minCertifications: number;
  minWonDeals: number;
  discountBps: number;
  rebateBps: number;
  mdfEligible: boolean;
}
export interface DemoProgram {
  id: string;
  vendorId: string;
  name: string;
  description: string;
  protectionDays: number;
  currency: string;
  tiers: DemoTier[];
}
export interface DemoIncentive {
  id: string;
  vendorId: string;
  programId: string | null;
  kind: 'REBATE' | 'MDF' | 'SPIFF' | 'DEAL_REGISTRATION_BONUS';
  audience: 'PARTNER' | 'DISTRIBUTOR';
  name: string;
  description: string;
  startsOn: string;
  endsOn: string | null;
  budgetMinor: number | null;
  spentMinor: number;
  currency: string;
  minTierRank: number | null;
  regions: Region[];
  countries: string[];
  partnerTypes: PartnerType[];
  minRevenueMinor: number | null;
  requiredCertifications: string[];
  productCategories: string[];
}
export interface DemoDistributor {
  id: string;
  slug: string;
  name: string;
  region: Region;
  countries: string[];
}
export interface DemoPartner {
  id: string;
  slug: string;
  name: string;
  types: PartnerType[];
  salesMotion: SalesMotion;
  region: Region;
  country: string;
}
export interface DemoPartnership {
  id: string;
  vendorId: string;
  partnerId: string;
  programId: string;
  tierId: string;
  status: 'ACTIVE' | 'PENDING' | 'SUSPENDED';
  salesMotion: SalesMotion;
  targetRevenueMinor: number;
  currency: string;
  enrolledAt: string;
}
export interface DemoAgreement {
  id: string;
  vendorId: string;
  distributorId: string;
  regions: Region[];
  startedOn: string;
}
export interface DemoDirectAccount {
  id: string;
  vendorId: string;
  customerName: string;
  domain: string;
}
/** A segment a vendor reserves for its own sales: registrations made in it after createdAt are flagged DIRECT_SEGMENT. */
export interface DemoEngagementRule {
  id: string;
  vendorId: string;
  name: string;
  region: Region | null;
  country: string | null;
  currency: string | null;
  minAmountMinor: number | null;
  maxAmountMinor: number | null;
  productCategory: string | null;
  createdAt: string;
}
export interface DemoMembership {
  id: string;
  distributorId: string;
  partnerId: string;
  vendorId: string;
  creditLimitMinor: number;
  currency: string;
  paymentTermsDays: number;
  joinedAt: string;
}
export interface DemoCertification {
  id: string;
  partnerId: string;
  /** The vendor whose program it is for (the one that verifies it). */
  vendorId: string;
  code: string;
  name: string;
  holderName: string;
  earnedOn: string;
  expiresOn: string | null;
  /** ISO timestamp: every demo certification is verified, a week after it was earned. */
  verifiedAt: string;
}
export interface DemoDealEvent {
  id: string;
  fromStatus: DealStatus | null;
  toStatus: DealStatus;
  actorSubject: string;
  actorRole: 'VENDOR' | 'PARTNER' | 'DISTRIBUTOR';
  actorOrganizationId: string;
  reason: string | null;
  at: string;
  /** A verification of a WON deal's revenue (WON → WON) carries kind and amount; a transition neither. */
  kind?: 'REVENUE_VERIFIED';
  amountMinor?: number;
}
export interface DemoDeal {
  id: string;
  partnerId: string;
  vendorId: string;
  distributorId: string | null;
  customerName: string;
  customerDomain: string;
  lines: { productId: string; quantity: number }[];
  amountMinor: number;
  finalAmountMinor: number | null;
  /** The revenue the vendor or the routed distributor confirmed (the latest REVENUE_VERIFIED event); null until then. */
  verifiedAmountMinor: number | null;
  currency: string;
  expectedCloseDate: string;
  status: DealStatus;
  protectionExpiresAt: string | null;
  vendorNotes: string | null;
  createdAt: string;
  updatedAt: string;
  history: DemoDealEvent[];
  /** The partner's member who registered and owns it (DESIGN §6): bluepeak-it's split between sam and alex (demoDealOwner). */
  ownerSubject: string;
}
/** A sale the vendor made itself: DIRECT (to one of its named direct accounts) or on the cloud MARKETPLACE (no account). */
export interface DemoDirectSale {
  id: string;
  vendorId: string;
  directAccountId: string | null;
  channel: 'DIRECT' | 'MARKETPLACE';
  amountMinor: number;
  currency: string;
  soldOn: string;
}
export interface DemoSellThrough {
  id: string;
  distributorId: string;
  partnerId: string;
  vendorId: string;
  productId: string;
  quantity: number;
  amountMinor: number;
  currency: string;
  soldOn: string;
  externalReference: string;
}

export interface DemoEcosystem {
  vendors: DemoVendor[];
  products: DemoProduct[];
  programs: DemoProgram[];
  incentives: DemoIncentive[];
  distributors: DemoDistributor[];
  partners: DemoPartner[];
  partnerships: DemoPartnership[];
  agreements: DemoAgreement[];
  directAccounts: DemoDirectAccount[];
  engagementRules: DemoEngagementRule[];
  memberships: DemoMembership[];
  certifications: DemoCertification[];
  deals: DemoDeal[];
  sellThrough: DemoSellThrough[];
  directSales: DemoDirectSale[];
}

/** The demo's "today": fixed so generated dates do not drift between machines. */
export const DEMO_TODAY = new Date('2026-11-01T12:00:00Z');
/** Deals won within this many days before DEMO_TODAY are not verified yet: the leaderboards show unverified revenue beside. */
export const VERIFICATION_LAG_DAYS = 30;
const DAY = 86_400_000;
const day = (offset: number) => new Date(DEMO_TODAY.getTime() + offset * DAY);
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

const vendor = (slug: string, name: string, website: string, country: string, currency: string): DemoVendor => ({
  id: stableId('vendor', slug),
  slug,
  name,
  website,
  country,
  currency,
});
const distributor = (slug: string, name: string, region: Region, countries: string[]): DemoDistributor => ({
  id: stableId('distributor', slug),
  slug,
  name,
  region,
  countries,
});
const partner = (slug: string, name: string, types: PartnerType[], salesMotion: SalesMotion, region: Region, country: string): DemoPartner => ({
  id: stableId('partner', slug),
  slug,
  name,
  types,
  salesMotion,
  region,
  country,
});

export const NORTHWIND = vendor('northwind-cloud', 'Northwind Cloud', 'https://northwind.example', 'US', 'USD');
export const ATLAS = vendor('atlas-machinery', 'Atlas Machinery', 'https://atlas-machinery.example', 'DE', 'EUR');
export const TESSERA = distributor('tessera-distribution', 'Tessera Distribution', 'EMEA', ['DE', 'FR', 'GB', 'NL', 'ES', 'IT']);
export const MERIDIAN = distributor('meridian-supply', 'Meridian Supply', 'NA', ['US', 'CA']);
export const BLUEPEAK = partner('bluepeak-it', 'BluePeak IT', ['VAR'], 'SELL_THROUGH', 'EMEA', 'DE');
export const HARBOR = partner('harbor-msp', 'Harbor MSP', ['MSP'], 'SELL_THROUGH', 'NA', 'US');
export const IONIC = partner('ionic-integrators', 'Ionic Integrators', ['SI'], 'SELL_WITH', 'EMEA', 'GB');
export const REFERRAL_POINT = partner('referral-point', 'Referral Point', ['REFERRAL'], 'SELL_TO', 'NA', 'US');

const PRODUCTS: [DemoVendor, string, string, string, number, number][] = [
  [NORTHWIND, 'NW-PLAT-ENT', 'Northwind Platform Enterprise', 'platform', 12_000_000, 3_000_000],
  [NORTHWIND, 'NW-PLAT-SMB', 'Northwind Platform SMB', 'platform', 2_400_000, 600_000],
  [NORTHWIND, 'NW-SEC', 'Northwind Security Suite', 'security', 900_000, 180_000],
  [NORTHWIND, 'NW-ANL', 'Northwind Analytics', 'analytics', 1_500_000, 450_000],
  [NORTHWIND, 'NW-SUP-PREM', 'Premium Support', 'services', 600_000, 300_000],
  [ATLAS, 'AM-CNC-500', 'CNC Mill 500', 'machinery', 25_000_000, 15_000_000],
  [ATLAS, 'AM-LATHE-200', 'Precision Lathe 200', 'machinery', 9_000_000, 5_400_000],
  [ATLAS, 'AM-ROBOT-ARM', 'Robotic Arm R6', 'automation', 18_000_000, 9_900_000],
  [ATLAS, 'AM-INSTALL', 'Custom Installation', 'services', 4_000_000, 2_200_000],
];

const TIER_NAMES: Record<string, [string, number, number, number, number, number, boolean][]> = {
  // name, min revenue (major units), certifications, won deals, discount bps, rebate bps, MDF
  [NORTHWIND.id]: [
    ['Registered', 0, 0, 0, 500, 0, false],
    ['Silver', 100_000, 1, 2, 1000, 100, false],
    ['Gold', 500_000, 2, 5, 1500, 200, true],
    ['Platinum', 2_000_000, 4, 12, 2000, 300, true],
  ],
  [ATLAS.id]: [
    ['Registered', 0, 0, 0, 300, 0, false],
    ['Certified', 250_000, 1, 1, 800, 100, true],
    ['Premier', 1_500_000, 3, 4, 1200, 250, true],
  ],
};

const REGION_COUNTRIES: Record<Region, string[]> = { EMEA: ['DE', 'FR', 'GB', 'NL', 'ES', 'IT'], NA: ['US', 'CA'] };
const NAME_PARTS = [
  [
    'Alpine',
    'Beacon',
    'Cobalt',
    'Delta',
    'Ember',
    'Fjord',
    'Granite',
    'Helix',
    'Iris',
    'Juniper',
    'Keystone',
    'Lumen',
    'Mosaic',
    'Nimbus',
    'Orbit',
    'Prism',
    'Quartz',
    'Ridge',
    'Summit',
    'Tidal',
  ],
  ['Systems', 'Solutions', 'Networks', 'Partners', 'Technologies', 'Group'],
];
const CUSTOMERS = [
  'Acme',
  'Blue Harbor Foods',
  'Contoso',
  'Fabrikam',
  'Globex',
  'Hooli',
  'Initech',
  'Massive Dynamic',
  'Northgate Logistics',
  'Oceanic Air',
  'Pied Piper',
  'Soylent',
  'Stark Industries',
  'Tyrell',
  'Umbrella',
  'Vandelay Industries',
  'Wayne Enterprises',
  'Wonka Industries',
  'Yoyodyne',
  'Zorg',
];
const domainOf = (customer: string) => `${customer.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;

const CERTIFICATIONS: Record<string, [string, string][]> = {
  [NORTHWIND.id]: [
    ['NW-ARCH', 'Northwind Certified Architect'],
    ['NW-SALES', 'Northwind Sales Professional'],
    ['NW-SEC-SPEC', 'Northwind Security Specialist'],
  ],
  [ATLAS.id]: [
    ['AM-INSTALLER', 'Atlas Certified Installer'],
    ['AM-SERVICE', 'Atlas Field Service Engineer'],
  ],
};

export const GENERATED_PARTNER_COUNT = 60;

function buildEcosystem(): DemoEcosystem {
  const random = new Random(20261101);
  const vendors = [NORTHWIND, ATLAS];
  const distributors = [TESSERA, MERIDIAN];
  const currencyOf = (vendorId: string) => vendors.find((v) => v.id === vendorId)!.currency;

  const products = PRODUCTS.map(([v, sku, name, category, list, cost]) => ({
    id: stableId('product', sku),
    vendorId: v.id,
    sku,
    name,
    category,
    listPriceMinor: list,
    unitCostMinor: cost,
    currency: v.currency,
  }));

  const programs: DemoProgram[] = vendors.map((v) => {
    const id = stableId('program', v.slug);
    return {
      id,
      vendorId: v.id,
      currency: v.currency,
      name: v === NORTHWIND ? 'Northwind Partner Network' : 'Atlas Integrator Program',
      description: v === NORTHWIND ? 'Resell, manage and co-sell the Northwind platform.' : 'Design and install custom Atlas machinery lines.',
      protectionDays: 90,
      tiers: TIER_NAMES[v.id].map(([name, revenue, certifications, won, discount, rebate, mdf], index) => ({
        id: stableId('tier', v.slug, name),
        programId: id,
        name,
        rank: index + 1,
        minRevenueMinor: revenue * 100,
        minCertifications: certifications,
        minWonDeals: won,
        discountBps: discount,
        rebateBps: rebate,
        mdfEligible: mdf,
      })),
    };
  });
  const programOf = (vendorId: string) => programs.find((p) => p.vendorId === vendorId)!;
  const tierOf = (vendorId: string, rank: number) => programOf(vendorId).tiers[Math.min(rank, programOf(vendorId).tiers.length) - 1];

  const partners = [BLUEPEAK, HARBOR, IONIC, REFERRAL_POINT];
  const types: PartnerType[] = ['VAR', 'MSP', 'SI', 'REFERRAL', 'ISV'];
  const motions: SalesMotion[] = ['SELL_TO', 'SELL_THROUGH', 'SELL_WITH', 'HYBRID'];
  for (let i = 0; i < GENERATED_PARTNER_COUNT; i++) {
    const name = `${NAME_PARTS[0][i % 20]} ${NAME_PARTS[1][Math.floor(i / 20) % 6]}`;
    const region: Region = i % 3 === 0 ? 'NA' : 'EMEA';
    const partnerTypes = random.chance(0.25)
      ? [random.pick(types), random.pick(types)].filter((t, k, all) => all.indexOf(t) === k)
      : [random.pick(types)];
    partners.push(
      partner(name.toLowerCase().replace(/\s+/g, '-'), name, partnerTypes, random.pick(motions), region, random.pick(REGION_COUNTRIES[region])),
    );
  }

  const partnerships: DemoPartnership[] = [];
  const enroll = (p: DemoPartner, v: DemoVendor, rank: number, status: DemoPartnership['status'] = 'ACTIVE', motion = p.salesMotion) => {
    partnerships.push({
      id: stableId('partnership', v.slug, p.slug),
      vendorId: v.id,
      partnerId: p.id,
      programId: programOf(v.id).id,
      tierId: tierOf(v.id, rank).id,
      status,
      salesMotion: motion,
      targetRevenueMinor: (rank * 250_000 + 100_000) * 100,
      currency: v.currency,
      enrolledAt: day(-900 + partnerships.length * 7).toISOString(),
    });
  };
  enroll(BLUEPEAK, NORTHWIND, 3);
  enroll(HARBOR, NORTHWIND, 2);
  enroll(IONIC, NORTHWIND, 4);
  enroll(IONIC, ATLAS, 3);
  enroll(REFERRAL_POINT, NORTHWIND, 1);
  for (const p of partners.slice(4)) {
    const both = p.types.includes('SI') || random.chance(0.2);
    if (!both || random.chance(0.8))
      enroll(p, NORTHWIND, random.int(1, 4), random.chance(0.9) ? 'ACTIVE' : random.pick(['PENDING', 'SUSPENDED'] as const));
    if (both && p.region === 'EMEA') enroll(p, ATLAS, random.int(1, 3));
  }

  const agreements: DemoAgreement[] = [
    {
      id: stableId('agreement', NORTHWIND.slug, TESSERA.slug),
      vendorId: NORTHWIND.id,
      distributorId: TESSERA.id,
      regions: ['EMEA'],
      startedOn: '2023-01-01',
    },
    {
      id: stableId('agreement', ATLAS.slug, TESSERA.slug),
      vendorId: ATLAS.id,
      distributorId: TESSERA.id,
      regions: ['EMEA'],
      startedOn: '2023-06-01',
    },
    {
      id: stableId('agreement', NORTHWIND.slug, MERIDIAN.slug),
      vendorId: NORTHWIND.id,
      distributorId: MERIDIAN.id,
      regions: ['NA'],
      startedOn: '2022-09-01',
    },
  ];
  const carries = (d: DemoDistributor, vendorId: string) => agreements.some((a) => a.distributorId === d.id && a.vendorId === vendorId);

  const directAccounts: DemoDirectAccount[] = [
    [NORTHWIND, 'Globex'],
    [NORTHWIND, 'Initech'],
    [NORTHWIND, 'Wayne Enterprises'],
    [ATLAS, 'Stark Industries'],
    [ATLAS, 'Tyrell'],
  ].map(([v, customer]) => ({
    id: stableId('direct-account', (v as DemoVendor).slug, customer as string),
    vendorId: (v as DemoVendor).id,
    customerName: customer as string,
    domain: domainOf(customer as string),
  }));

  // Northwind keeps large platform deals in North America for its own sales team, since five days before the demo's
  // today: of the seeded registrations, only those made after that (one, granite-systems') fall in it.
  const engagementRules: DemoEngagementRule[] = [
    {
      id: stableId('engagement-rule', NORTHWIND.slug, 'na-enterprise-platform'),
      vendorId: NORTHWIND.id,
      name: 'North America enterprise platform',
      region: 'NA',
      country: null,
      currency: NORTHWIND.currency,
      minAmountMinor: 250_000_00,
      maxAmountMinor: null,
      productCategory: 'platform',
      createdAt: day(-5).toISOString(),
    },
  ];

  // Network: a partner joins its region's distributor for each vendor it sells through; REFERRAL and SELL_WITH partners of NA stay direct.
  const memberships: DemoMembership[] = [];
  for (const ps of partnerships) {
    const p = partners.find((x) => x.id === ps.partnerId)!;
    if (p.salesMotion === 'SELL_TO' || ps.status !== 'ACTIVE') continue;
    const d = p.region === 'EMEA' ? TESSERA : MERIDIAN;
    if (!carries(d, ps.vendorId)) continue;
    const v = vendors.find((x) => x.id === ps.vendorId)!;
    memberships.push({
      id: stableId('membership', d.slug, p.slug, v.slug),
      distributorId: d.id,
      partnerId: p.id,
      vendorId: v.id,
      creditLimitMinor: random.int(5, 50) * 10_000 * 100,
      currency: v.currency,
      paymentTermsDays: random.pick([30, 45, 60]),
      joinedAt: day(-800 + memberships.length * 5).toISOString(),
    });
  }

  const certifications: DemoCertification[] = [];
  for (const ps of partnerships) {
    const p = partners.find((x) => x.id === ps.partnerId)!;
    const rank = programOf(ps.vendorId).tiers.find((t) => t.id === ps.tierId)!.rank;
    const available = CERTIFICATIONS[ps.vendorId];
    for (let k = 0; k < Math.min(rank, available.length); k++) {
      const [code, name] = available[k];
      const earned = day(-random.int(30, 900));
      const expired = random.chance(0.1);
      certifications.push({
        id: stableId('certification', p.slug, code),
        partnerId: p.id,
        vendorId: ps.vendorId,
        code,
        name,
        holderName: `${random.pick(['Alex', 'Sam', 'Robin', 'Kim', 'Jo', 'Noa'])} ${random.pick(['Meyer', 'Smith', 'Rossi', 'Dubois', 'Garcia', 'Jansen'])}`,
        earnedOn: isoDate(earned),
        expiresOn: isoDate(expired ? day(-random.int(1, 60)) : new Date(earned.getTime() + 730 * DAY)),
        verifiedAt: new Date(earned.getTime() + 7 * DAY).toISOString(),
      });
    }
  }

  const deals: DemoDeal[] = [];
  const ownerOf = demoDealOwners();
  const activePartnerships = partnerships.filter((ps) => ps.status === 'ACTIVE');
  const statuses: DealStatus[] = ['SUBMITTED', 'APPROVED', 'REJECTED', 'WON', 'LOST', 'EXPIRED', 'WITHDRAWN'];
  for (let i = 0; i < 720; i++) {
    // the four named partners get a steady share so every role's demo views are populated
    const ps = i % 4 === 0 ? activePartnerships[i % 5] : random.pick(activePartnerships);
    const p = partners.find((x) => x.id === ps.partnerId)!;
    const membership = memberships.find((m) => m.partnerId === p.id && m.vendorId === ps.vendorId);
    const status = i < statuses.length ? statuses[i] : random.pick(statuses.concat(['WON', 'WON', 'APPROVED', 'SUBMITTED']));
    const customer = random.pick(CUSTOMERS);
    const vendorProducts = products.filter((x) => x.vendorId === ps.vendorId);
    const lines = [random.pick(vendorProducts)];
    if (random.chance(0.4)) lines.push(random.pick(vendorProducts.filter((x) => x !== lines[0])));
    const quantities = lines.map(() => random.int(1, 5));
    const amountMinor = lines.reduce((sum, product, k) => sum + product.listPriceMinor * quantities[k], 0);
    const createdDaysAgo = status === 'SUBMITTED' ? random.int(0, 30) : status === 'APPROVED' ? random.int(5, 80) : random.int(30, 1000);
    const created = day(-createdDaysAgo);
    const id = stableId('deal', String(i));
    const actor = (role: DemoDealEvent['actorRole'], orgId: string, slug: string) => ({
      actorRole: role,
      actorOrganizationId: orgId,
      actorSubject: `user:${slug}`,
    });
    const ownerSubject = ownerOf(p.slug);
    const partnerActor = { ...actor('PARTNER', p.id, p.slug), actorSubject: ownerSubject };
    const decider =
      membership && random.chance(0.7)
        ? actor('DISTRIBUTOR', membership.distributorId, distributors.find((d) => d.id === membership.distributorId)!.slug)
        : actor('VENDOR', ps.vendorId, vendors.find((v) => v.id === ps.vendorId)!.slug);
    const history: DemoDealEvent[] = [];
    let at = created;
    const step = (from: DealStatus | null, to: DealStatus, who: typeof partnerActor, reason: string | null, afterDays: number) => {
      at = new Date(at.getTime() + afterDays * DAY);
      history.push({
        id: stableId('deal-event', String(i), String(history.length)),
        fromStatus: from,
        toStatus: to,
        ...who,
        reason,
        at: at.toISOString(),
      });
    };
    step(null, 'SUBMITTED', partnerActor, null, 0);
    let protection: string | null = null;
    const decided = Math.min(random.int(1, 5), Math.max(createdDaysAgo - 1, 0));
    if (status === 'REJECTED')
      step(
        'SUBMITTED',
        'REJECTED',
        decider,
        random.pick(['Customer is a named direct account', 'Duplicate registration', 'Incomplete opportunity details']),
        decided,
      );
    if (status === 'WITHDRAWN') step('SUBMITTED', 'WITHDRAWN', partnerActor, 'Customer postponed the project', decided);
    if (['APPROVED', 'WON', 'LOST', 'EXPIRED'].includes(status)) {
      step('SUBMITTED', 'APPROVED', decider, null, decided);
      protection = new Date(at.getTime() + 90 * DAY).toISOString();
      if (status === 'EXPIRED') {
        at = new Date(protection);
        history.push({
          id: stableId('deal-event', String(i), String(history.length)),
          fromStatus: 'APPROVED',
          toStatus: 'EXPIRED',
          actorRole: 'VENDOR',
          actorOrganizationId: ps.vendorId,
          actorSubject: 'system:expiry',
          reason: 'Protection period ended',
          at: protection,
        });
      }
      if (status === 'WON' || status === 'LOST')
        step('APPROVED', status, partnerActor, status === 'LOST' ? 'Lost to a competitor' : null, random.int(10, 25));
    }
    const expectedClose =
      status === 'SUBMITTED' || status === 'APPROVED' ? day(random.int(20, 120)) : new Date(created.getTime() + random.int(30, 120) * DAY);
    // verification (DESIGN §7), from what is already drawn (no draw of its own, so every other demo figure stays
    // as it was): a deal won more than VERIFICATION_LAG_DAYS before the demo's today was verified at its final
    // amount a week after it closed, by the distributor it is routed to, or by the vendor; later ones are unverified
    const distributorId = membership && random.chance(0.85) ? membership.distributorId : null;
    const finalAmountMinor = status === 'WON' ? Math.round((amountMinor * random.int(85, 100)) / 100) : null;
    const verifiedOn = new Date(at.getTime() + 7 * DAY);
    const verified = finalAmountMinor !== null && at.getTime() < DEMO_TODAY.getTime() - VERIFICATION_LAG_DAYS * DAY;
    if (verified) {
      const verifier = distributorId
        ? actor('DISTRIBUTOR', distributorId, distributors.find((d) => d.id === distributorId)!.slug)
        : actor('VENDOR', ps.vendorId, vendors.find((v) => v.id === ps.vendorId)!.slug);
      at = verifiedOn;
      history.push({
        id: stableId('deal-event', String(i), String(history.length)),
        fromStatus: 'WON',
        toStatus: 'WON',
        ...verifier,
        reason: null,
        at: at.toISOString(),
        kind: 'REVENUE_VERIFIED',
        amountMinor: finalAmountMinor,
      });
    }
    deals.push({
      id,
      partnerId: p.id,
      vendorId: ps.vendorId,
      distributorId,
      customerName: customer,
      customerDomain: domainOf(customer),
      lines: lines.map((product, k) => ({ productId: product.id, quantity: quantities[k] })),
      amountMinor,
      finalAmountMinor,
      verifiedAmountMinor: verified ? finalAmountMinor : null,
      currency: currencyOf(ps.vendorId),
      expectedCloseDate: isoDate(expectedClose),
      status,
      protectionExpiresAt: protection,
      vendorNotes: random.chance(0.3)
        ? random.pick(['Strategic account, support the partner', 'Check pricing exception', 'Co-sell with enterprise team'])
        : null,
      createdAt: created.toISOString(),
      updatedAt: at.toISOString(),
      history,
      ownerSubject,
    });
  }

  const sellThrough: DemoSellThrough[] = [];
  for (let i = 0; i < 900; i++) {
    const m = random.pick(memberships);
    const product = random.pick(products.filter((x) => x.vendorId === m.vendorId));
    const quantity = random.int(1, 10);
    const d = distributors.find((x) => x.id === m.distributorId)!;
    sellThrough.push({
      id: stableId('sell-through', String(i)),
      distributorId: d.id,
      partnerId: m.partnerId,
      vendorId: m.vendorId,
      productId: product.id,
      quantity,
      amountMinor: Math.round((product.listPriceMinor * quantity * random.int(70, 95)) / 100),
      currency: product.currency,
      soldOn: isoDate(day(-random.int(1, 1000))),
      externalReference: `${d.slug.split('-')[0].toUpperCase()}-POS-${String(100000 + i)}`,
    });
  }

  const incentive = (v: DemoVendor, name: string, fields: Partial<DemoIncentive> & Pick<DemoIncentive, 'kind'>): DemoIncentive => ({
    id: stableId('incentive', v.slug, name),
    vendorId: v.id,
    programId: programOf(v.id).id,
    audience: 'PARTNER',
    name,
    description: '',
    startsOn: '2026-01-01',
    endsOn: null, // ongoing, so the demo stays alive past its first year
    budgetMinor: null,
    spentMinor: 0,
    currency: v.currency,
    minTierRank: null,
    regions: [],
    countries: [],
    partnerTypes: [],
    minRevenueMinor: null,
    requiredCertifications: [],
    productCategories: [],
    ...fields,
  });
  const incentives = [
    incentive(NORTHWIND, 'Gold and Platinum quarterly rebate', {
      kind: 'REBATE',
      description: '2% back on closed revenue for Gold partners and above.',
      minTierRank: 3,
      budgetMinor: 50_000_000,
      spentMinor: 12_500_000,
    }),
    incentive(NORTHWIND, 'EMEA demand generation fund', {
      kind: 'MDF',
      description: 'Co-funded campaigns in EMEA.',
      regions: ['EMEA'],
      minTierRank: 2,
      budgetMinor: 20_000_000,
      spentMinor: 4_000_000,
    }),
    incentive(NORTHWIND, 'Security attach SPIFF', {
      kind: 'SPIFF',
      description: '$500 per Security Suite attached to a platform deal.',
      productCategories: ['security'],
      budgetMinor: 5_000_000,
      spentMinor: 1_000_000,
    }),
    incentive(NORTHWIND, 'New logo registration bonus', {
      kind: 'DEAL_REGISTRATION_BONUS',
      description: '1% bonus on approved registrations for new customers.',
      partnerTypes: ['VAR', 'MSP'],
    }),
    incentive(NORTHWIND, 'MSP certified growth fund', {
      kind: 'MDF',
      description: 'For MSPs holding the architect certification.',
      partnerTypes: ['MSP'],
      requiredCertifications: ['NW-ARCH'],
      budgetMinor: 10_000_000,
    }),
    incentive(NORTHWIND, 'Distributor volume rebate', {
      kind: 'REBATE',
      audience: 'DISTRIBUTOR',
      programId: null,
      description: 'Volume rebate on sell-through above plan.',
      budgetMinor: 80_000_000,
      spentMinor: 20_000_000,
    }),
    incentive(ATLAS, 'Integrator trade show fund', {
      kind: 'MDF',
      description: 'Trade show presence for certified integrators.',
      partnerTypes: ['SI'],
      regions: ['EMEA'],
      budgetMinor: 15_000_000,
      spentMinor: 3_000_000,
    }),
    incentive(ATLAS, 'Premier installation rebate', {
      kind: 'REBATE',
      description: 'Rebate on installation services for Premier integrators.',
      minTierRank: 3,
      productCategories: ['services'],
      minRevenueMinor: 100_000_000,
    }),
    incentive(ATLAS, 'Distributor stocking SPIFF', {
      kind: 'SPIFF',
      audience: 'DISTRIBUTOR',
      programId: null,
      description: 'Per lathe stocked by carrying distributors.',
      productCategories: ['machinery'],
      budgetMinor: 6_000_000,
    }),
  ];

  const directSales = buildDirectSales(directAccounts);

  return {
    vendors,
    products,
    programs,
    incentives,
    distributors,
    partners,
    partnerships,
    agreements,
    directAccounts,
    engagementRules,
    memberships,
    certifications,
    deals,
    sellThrough,
    directSales,
  };
}

/**
 * The vendors' own sales over the last three years: northwind-cloud sells direct to its named accounts and on the cloud
 * marketplace (about one sale a month), atlas-machinery sells a few machines direct. A generator of its own, so the
 * rows generated before it stay exactly what they were.
 */
function buildDirectSales(directAccounts: DemoDirectAccount[]): DemoDirectSale[] {
  const random = new Random(20261102);
  const accountsOf = (v: DemoVendor) => directAccounts.filter((a) => a.vendorId === v.id);
  const sales: DemoDirectSale[] = [];
  const sale = (v: DemoVendor, channel: DemoDirectSale['channel'], directAccountId: string | null, amountMinor: number, daysAgo: number) => {
    sales.push({
      id: stableId('direct-sale', v.slug, String(sales.length)),
      vendorId: v.id,
      directAccountId,
      channel,
      amountMinor,
      currency: v.currency,
      soldOn: isoDate(day(-daysAgo)),
    });
  };
  const northwindAccounts = accountsOf(NORTHWIND);
  for (let month = 0; month < 36; month++) {
    const daysAgo = month * 30 + random.int(1, 29);
    if (month % 3 === 2) sale(NORTHWIND, 'MARKETPLACE', null, random.int(5, 60) * 1_000 * 100, daysAgo);
    else sale(NORTHWIND, 'DIRECT', northwindAccounts[month % northwindAccounts.length].id, random.int(50, 400) * 1_000 * 100, daysAgo);
  }
  const atlasAccounts = accountsOf(ATLAS);
  for (let k = 0; k < 6; k++)
    sale(ATLAS, 'DIRECT', atlasAccounts[k % atlasAccounts.length].id, random.int(9, 60) * 10_000 * 100, k * 170 + random.int(1, 160));
  return sales;
}

let cached: DemoEcosystem | undefined;
export function demoEcosystem(): DemoEcosystem {
  return (cached ??= buildEcosystem());
}

export type OrganizationRole = 'VENDOR' | 'PARTNER' | 'DISTRIBUTOR';
export interface DemoOrganization {
  id: string;
  slug: string;
  name: string;
  role: OrganizationRole;
}

/** Every demo organization by slug, with the role its users have. */
export function demoOrganizations(): DemoOrganization[] {
  const eco = demoEcosystem();
  return [
    ...eco.vendors.map((o) => ({ id: o.id, slug: o.slug, name: o.name, role: 'VENDOR' as const })),
    ...eco.partners.map((o) => ({ id: o.id, slug: o.slug, name: o.name, role: 'PARTNER' as const })),
    ...eco.distributors.map((o) => ({ id: o.id, slug: o.slug, name: o.name, role: 'DISTRIBUTOR' as const })),
  ];
}

/**
 * The vendor's oldest engagement rule a seeded registration fell in when it was made (as the vendor subgraph's
 * dealRegistration procedure decides for a live one: the partner's region or country, the amount band, a product
 * category of its lines), or null.
 */
/**
 * Who registers (and so owns) each demo deal, in the order the deals are drawn, without a draw of its own (every other
 * demo figure stays as it was): bluepeak-it's deals alternate between its SALES members sam and alex (DESIGN §6), so
 * the two see none of each other's; every other partner's are its ADMIN's, user:<slug>.
 */
export const DEMO_SALES: Record<string, string[]> = { 'bluepeak-it': ['user:sam@bluepeak-it', 'user:alex@bluepeak-it'] };

function demoDealOwners(): (partnerSlug: string) => string {
  const registered = new Map<string, number>();
  return (slug) => {
    const reps = DEMO_SALES[slug];
    if (!reps) return `user:${slug}`;
    const n = registered.get(slug) ?? 0;
    registered.set(slug, n + 1);
    return reps[n % reps.length];
  };
}

export function segmentRuleOf(eco: DemoEcosystem, deal: DemoDeal): string | null {
  const partner = eco.partners.find((p) => p.id === deal.partnerId)!;
  const categories = new Set(deal.lines.map((line) => eco.products.find((p) => p.id === line.productId)!.category.toLowerCase()));
  const rule = eco.engagementRules
    .filter((r) => r.vendorId === deal.vendorId && r.createdAt <= deal.createdAt)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
    .find(
      (r) =>
        (r.region === null || r.region === partner.region) &&
        (r.country === null || r.country === partner.country) &&
        (r.currency === null ||
          (r.currency === deal.currency &&
            deal.amountMinor >= (r.minAmountMinor ?? 0) &&
            (r.maxAmountMinor === null || deal.amountMinor < r.maxAmountMinor))) &&
        (r.productCategory === null || categories.has(r.productCategory.toLowerCase())),
    );
  return rule?.id ?? null;
}
