import { Client } from 'pg';
import type { SubgraphName } from '../../common/config';
import { stableId } from '../../common/ids';
import { DEMO_TODAY, type DealStatus, type PartnerType, type SalesMotion } from './catalog';
import { Random } from './random';
import { convertedLead, generateLeads, LEAD_COLUMNS, type LeadWorld } from './large-leads';

/**
 * A large, realistic ecosystem for benchmarks (`npm run seed:large`): 20 vendors, 30 distributors, thousands of
 * partners and up to millions of deals over the last three years, loaded in bulk (one INSERT … SELECT FROM unnest(…)
 * per table and batch, each batch in its own transaction). Everything is derived from a row's index with seeded
 * generators and ids are stableId('large', …), so a second run inserts nothing and a larger run adds only the rest.
 * Dates count back from the demo's fixed "today" (DEMO_TODAY), like the demo ecosystem.
 */
export interface LargeSeedOptions {
  /** Database URL per subgraph, already migrated (each subgraph's tables live in its own schema). */
  urls: Record<SubgraphName, string>;
  deals: number;
  partners?: number;
  /** Deals per transaction (their lines, history and sell-through go with them). */
  batchSize?: number;
  /**
   * Leads per partner per month over the three years (large-leads.ts), and about 12% of the deals converted from a
   * lead; 0 (the default) for none. `npm run seed:large` gives 5.
   */
  leadsPerPartnerMonth?: number;
  onProgress?: (progress: LargeSeedProgress) => void;
}

export interface LargeSeedProgress {
  phase: string;
  done: number;
  total: number;
  /** Rows inserted so far, every table. */
  rows: number;
  elapsedMs: number;
}

export const LARGE_DEFAULTS = { partners: 10_000, vendors: 20, distributors: 30, batchSize: 5_000, maxDeals: 5_000_000, leadsPerPartnerMonth: 5 };

const DAY = 86_400_000;
const TODAY = DEMO_TODAY.getTime();
const HISTORY_DAYS = 1095;
const id = (...parts: (string | number)[]) => stableId('large', ...parts.map(String));
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();
const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
/** A generator per (kind, index): a row's content does not depend on the batch it falls in or on the counts asked. */
const rngFor = (kind: number, index: number) => new Random((Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(kind, 0x85ebca6b)) >>> 0);

type Region = 'EMEA' | 'NA' | 'APAC' | 'LATAM';
const REGIONS: Region[] = ['EMEA', 'NA', 'APAC', 'LATAM'];
const REGION_COUNTRIES: Record<Region, string[]> = {
  EMEA: ['DE', 'FR', 'GB', 'NL', 'ES', 'IT', 'SE', 'PL', 'BE', 'AT', 'CH', 'IE'],
  NA: ['US', 'CA'],
  APAC: ['JP', 'AU', 'SG', 'IN', 'KR', 'NZ'],
  LATAM: ['BR', 'MX', 'AR', 'CL', 'CO'],
};
const TYPES: PartnerType[] = ['VAR', 'MSP', 'SI', 'REFERRAL', 'ISV'];
const MOTIONS: SalesMotion[] = ['SELL_TO', 'SELL_THROUGH', 'SELL_WITH', 'HYBRID'];

const VENDOR_NAMES: [string, string, string][] = [
  ['Cirrus Data', 'US', 'USD'],
  ['Helios Networks', 'US', 'USD'],
  ['Kestrel Security', 'GB', 'GBP'],
  ['Vantage Analytics', 'US', 'USD'],
  ['Nordlicht Software', 'DE', 'EUR'],
  ['Aurora Storage', 'US', 'USD'],
  ['Basalt Robotics', 'DE', 'EUR'],
  ['Corvid Identity', 'US', 'USD'],
  ['Dune Collaboration', 'FR', 'EUR'],
  ['Equinox Backup', 'NL', 'EUR'],
  ['Falcon Endpoint', 'US', 'USD'],
  ['Glacier Compute', 'CA', 'USD'],
  ['Harrier Observability', 'US', 'USD'],
  ['Ibex Printing', 'GB', 'GBP'],
  ['Jade Telecom', 'SG', 'USD'],
  ['Kodiak Industrial', 'US', 'USD'],
  ['Lyra Healthcare IT', 'IE', 'EUR'],
  ['Magellan Mapping', 'ES', 'EUR'],
  ['Nova Power Systems', 'IT', 'EUR'],
  ['Osprey Field Service', 'SE', 'EUR'],
];
const CATEGORIES = ['platform', 'security', 'analytics', 'networking', 'storage', 'services', 'hardware', 'automation'];
const TIER_SETS: string[][] = [
  ['Registered', 'Silver', 'Gold', 'Platinum'],
  ['Authorized', 'Advanced', 'Premier'],
];
const CUSTOMER_A = [
  'Acme',
  'Apex',
  'Bright',
  'Cedar',
  'Crown',
  'Crystal',
  'Eagle',
  'Evergreen',
  'First',
  'Golden',
  'Harbor',
  'Highland',
  'Iron',
  'Liberty',
  'Lighthouse',
  'Maple',
  'Metro',
  'Millennium',
  'Noble',
  'North',
  'Oak',
  'Pacific',
  'Pioneer',
  'Quantum',
  'Red Rock',
  'River',
  'Royal',
  'Silver',
  'Solar',
  'Sterling',
  'Stone',
  'Sunrise',
  'Union',
  'United',
  'Valley',
  'Vertex',
  'Victory',
  'West',
  'Willow',
  'Zenith',
];
const CUSTOMER_B = [
  'Foods',
  'Logistics',
  'Health',
  'Bank',
  'Insurance',
  'Motors',
  'Energy',
  'Retail',
  'Pharma',
  'Airlines',
  'Hotels',
  'Textiles',
  'Chemicals',
  'Telecom',
  'Media',
  'Foundry',
  'Shipping',
  'Farms',
  'Mining',
  'Realty',
  'Capital',
  'Labs',
  'Builders',
  'Brewing',
  'Dairy',
  'Steel',
  'Paper',
  'Glass',
  'Electronics',
  'Clinics',
  'University',
  'Council',
  'Transit',
  'Water',
  'Outfitters',
  'Apparel',
  'Furniture',
  'Biotech',
  'Aerospace',
  'Marine',
  'Rail',
  'Consulting',
  'Legal',
  'Games',
  'Studios',
  'Publishing',
  'Cement',
  'Tools',
  'Plastics',
  'Seeds',
];
const CUSTOMERS = CUSTOMER_A.flatMap((a) =>
  CUSTOMER_B.map((b) => ({ name: `${a} ${b}`, domain: `${slugify(`${a}${b}`).replace(/-/g, '')}.example` })),
);
const PARTNER_A = [
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
  'Umber',
  'Vector',
  'Wren',
  'Xenon',
  'Yarrow',
  'Zephyr',
];
const PARTNER_B = ['Systems', 'Solutions', 'Networks', 'Partners', 'Technologies', 'Group', 'IT', 'Digital', 'Consulting', 'Integration'];
const DISTRIBUTOR_WORDS = [
  'Arcadia',
  'Bastion',
  'Caravel',
  'Dorado',
  'Estuary',
  'Fulcrum',
  'Gantry',
  'Halcyon',
  'Isthmus',
  'Jetty',
  'Kiln',
  'Lodestar',
  'Monsoon',
  'Nautilus',
  'Obelisk',
  'Pinnacle',
  'Quay',
  'Rampart',
  'Sextant',
  'Trident',
  'Upland',
  'Viaduct',
  'Waypoint',
  'Yardarm',
  'Zodiac',
  'Anchor',
  'Bridgeway',
  'Citadel',
  'Drumlin',
  'Everest',
];
const FIRST = ['Alex', 'Sam', 'Robin', 'Kim', 'Jo', 'Noa', 'Maria', 'Yuki', 'Priya', 'Lucas', 'Ana', 'Omar'];
const LAST = ['Meyer', 'Smith', 'Rossi', 'Dubois', 'Garcia', 'Jansen', 'Tanaka', 'Singh', 'Silva', 'Nowak', 'Kim', 'Haddad'];

interface Vendor {
  index: number;
  id: string;
  slug: string;
  name: string;
  country: string;
  currency: string;
  code: string;
  products: Product[];
  program: Program;
  directAccounts: Map<string, string>;
  certifications: [string, string][];
}
interface Product {
  id: string;
  sku: string;
  name: string;
  category: string;
  listPriceMinor: number;
  unitCostMinor: number;
}
interface Program {
  id: string;
  name: string;
  protectionDays: number;
  tiers: { id: string; name: string; rank: number }[];
}
interface Distributor {
  id: string;
  slug: string;
  name: string;
  region: Region;
  countries: string[];
  vendors: Set<number>;
}
interface Partner {
  index: number;
  id: string;
  slug: string;
  name: string;
  types: PartnerType[];
  motion: SalesMotion;
  region: Region;
  country: string;
  createdAt: number;
}
interface Partnership {
  id: string;
  vendor: Vendor;
  partner: Partner;
  tierId: string;
  rank: number;
  status: string;
  targetMinor: number;
  enrolledAt: number;
}
interface Membership {
  id: string;
  distributor: Distributor;
  partner: Partner;
  vendor: Vendor;
  creditLimitMinor: number;
  termsDays: number;
  joinedAt: number;
}

interface Ecosystem {
  vendors: Vendor[];
  distributors: Distributor[];
  partners: Partner[];
  partnerships: Partnership[];
  /** per partner index: its ACTIVE partnerships (deals are registered only under these) */
  activeByPartner: Partnership[][];
  memberships: Membership[];
  /** `${partnerIndex}:${vendorIndex}` → the distributors serving that partner for that vendor */
  routes: Map<string, Membership[]>;
}

function buildEcosystem(partnerCount: number): Ecosystem {
  const random = new Random(20261122);
  const vendors: Vendor[] = VENDOR_NAMES.slice(0, LARGE_DEFAULTS.vendors).map(([name, country, currency], index) => {
    const slug = slugify(name);
    const code = name
      .split(' ')
      .map((w) => w.slice(0, 2).toUpperCase())
      .join('');
    const vendorId = id('vendor', slug);
    const products: Product[] = [];
    const productCount = random.int(6, 10);
    for (let k = 0; k < productCount; k++) {
      const category = CATEGORIES[(index + k) % CATEGORIES.length];
      const list = random.int(5, 400) * 10_000;
      products.push({
        id: id('product', slug, k),
        sku: `${code}-${category.slice(0, 3).toUpperCase()}-${100 + k}`,
        name: `${name.split(' ')[0]} ${category[0].toUpperCase()}${category.slice(1)} ${100 + k}`,
        category,
        listPriceMinor: list,
        unitCostMinor: Math.round((list * random.int(25, 70)) / 100),
      });
    }
    const programId = id('program', slug);
    const tierNames = TIER_SETS[index % TIER_SETS.length];
    const directAccounts = new Map<string, string>();
    while (directAccounts.size < 25) {
      const customer = random.pick(CUSTOMERS);
      directAccounts.set(customer.domain, customer.name);
    }
    return {
      index,
      id: vendorId,
      slug,
      name,
      country,
      currency,
      code,
      products,
      directAccounts,
      program: {
        id: programId,
        name: `${name} Partner Program`,
        protectionDays: random.pick([60, 90, 90, 120]),
        tiers: tierNames.map((tier, rank) => ({ id: id('tier', slug, tier), name: tier, rank: rank + 1 })),
      },
      certifications: [
        [`${code}-SALES`, `${name} Sales Professional`],
        [`${code}-TECH`, `${name} Technical Specialist`],
        [`${code}-ARCH`, `${name} Certified Architect`],
      ],
    };
  });

  const distributors: Distributor[] = DISTRIBUTOR_WORDS.slice(0, LARGE_DEFAULTS.distributors).map((word, index) => {
    const region = index < 10 ? 'EMEA' : index < 18 ? 'NA' : index < 26 ? 'APAC' : 'LATAM';
    const all = REGION_COUNTRIES[region];
    const countries = all.filter(() => random.chance(0.6));
    if (countries.length === 0) countries.push(all[index % all.length]);
    const name = `${word} ${['Distribution', 'Supply', 'Channel', 'Logistics'][index % 4]}`;
    const carried = new Set<number>();
    while (carried.size < random.int(6, 10)) carried.add(random.int(0, vendors.length - 1));
    return { id: id('distributor', slugify(name)), slug: slugify(name), name, region, countries, vendors: carried };
  });
  // every vendor is carried by at least one distributor in every region
  for (const region of REGIONS) {
    const inRegion = distributors.filter((d) => d.region === region);
    vendors.forEach((v, k) => {
      if (!inRegion.some((d) => d.vendors.has(v.index))) inRegion[k % inRegion.length].vendors.add(v.index);
    });
  }

  const partners: Partner[] = [];
  const partnerships: Partnership[] = [];
  const activeByPartner: Partnership[][] = [];
  const memberships: Membership[] = [];
  const routes = new Map<string, Membership[]>();
  for (let i = 0; i < partnerCount; i++) {
    const r = rngFor(1, i);
    const name = `${PARTNER_A[i % PARTNER_A.length]} ${PARTNER_B[Math.floor(i / PARTNER_A.length) % PARTNER_B.length]}${i >= 260 ? ` ${Math.floor(i / 260) + 1}` : ''}`;
    const roll = r.next();
    const region: Region = roll < 0.35 ? 'EMEA' : roll < 0.7 ? 'NA' : roll < 0.9 ? 'APAC' : 'LATAM';
    const types = r.chance(0.25) ? [...new Set([r.pick(TYPES), r.pick(TYPES)])] : [r.pick(TYPES)];
    const motion: SalesMotion = types.includes('REFERRAL') ? 'SELL_TO' : r.pick(MOTIONS);
    const partner: Partner = {
      index: i,
      id: id('partner', i),
      slug: `lg-${slugify(name)}-${i}`,
      name,
      types,
      motion,
      region,
      country: r.pick(REGION_COUNTRIES[region]),
      createdAt: TODAY - r.int(1200, 1500) * DAY - r.int(0, 86_399) * 1000,
    };
    partners.push(partner);
    const count = 1 + Math.floor(r.next() ** 2 * 4); // 1-4 vendors, most partners few
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(r.int(0, vendors.length - 1));
    const active: Partnership[] = [];
    let k = 0;
    for (const vendorIndex of chosen) {
      const v = vendors[vendorIndex];
      const roll2 = r.next();
      // the first enrollment is always active, so every partner registers deals
      const status = k === 0 || roll2 < 0.88 ? 'ACTIVE' : roll2 < 0.93 ? 'PENDING' : roll2 < 0.98 ? 'SUSPENDED' : 'TERMINATED';
      const rank = Math.min(v.program.tiers.length, 1 + Math.floor(r.next() ** 1.5 * v.program.tiers.length));
      const ps: Partnership = {
        id: id('partnership', v.slug, i),
        vendor: v,
        partner,
        tierId: v.program.tiers[rank - 1].id,
        rank,
        status,
        targetMinor: (rank * 250_000 + 100_000) * 100,
        enrolledAt: partner.createdAt + r.int(10, 90) * DAY,
      };
      partnerships.push(ps);
      k++;
      if (status !== 'ACTIVE') continue;
      active.push(ps);
      if (motion === 'SELL_TO') continue;
      const carriers = distributors.filter((d) => d.region === region && d.vendors.has(vendorIndex));
      const local = carriers.filter((d) => d.countries.includes(partner.country));
      const pool = local.length ? local : carriers;
      const picked = new Set([r.pick(pool)]);
      if (r.chance(0.2)) picked.add(r.pick(pool));
      const served: Membership[] = [];
      for (const d of picked) {
        const m: Membership = {
          id: id('membership', d.slug, i, v.slug),
          distributor: d,
          partner,
          vendor: v,
          creditLimitMinor: r.int(5, 100) * 1_000_000,
          termsDays: r.pick([30, 45, 60, 90]),
          joinedAt: ps.enrolledAt + r.int(5, 60) * DAY,
        };
        memberships.push(m);
        served.push(m);
      }
      routes.set(`${i}:${vendorIndex}`, served);
    }
    activeByPartner.push(active);
  }
  return { vendors, distributors, partners, partnerships, activeByPartner, memberships, routes };
}

/** Columns of one table, filled row by row and sent as one array per column. */
class Rows {
  readonly data: unknown[][];
  constructor(
    readonly table: string,
    readonly columns: [name: string, type: string][],
  ) {
    this.data = columns.map(() => []);
  }
  get length(): number {
    return this.data[0].length;
  }
  add(...values: unknown[]): void {
    for (let k = 0; k < values.length; k++) this.data[k].push(values[k]);
  }
}

const arrayLiteral = (items: string[]) => `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** One INSERT … SELECT FROM unnest($1::type[], …): the whole batch in a single statement; rows already there are skipped. */
async function insert(client: Client, rows: Rows): Promise<number> {
  if (rows.length === 0) return 0;
  const isArray = rows.columns.map(([, type]) => type.endsWith('[]'));
  const params = rows.data.map((values, k) => (isArray[k] ? values.map((v) => arrayLiteral(v as string[])) : values));
  const sql = `INSERT INTO ${rows.table} (${rows.columns.map(([name]) => name).join(', ')})
    SELECT ${rows.columns.map(([, type], k) => (isArray[k] ? `c${k}::${type}` : `c${k}`)).join(', ')}
    FROM unnest(${rows.columns.map(([, type], k) => `$${k + 1}::${isArray[k] ? 'text' : type}[]`).join(', ')}) AS t(${rows.columns.map((_, k) => `c${k}`).join(', ')})
    ON CONFLICT DO NOTHING`;
  const result = await client.query(sql, params);
  return result.rowCount ?? 0;
}

async function transaction<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Inserts rows in transactions of at most `chunk` rows per table statement. */
async function insertChunked(client: Client, rows: Rows, chunk = 10_000): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = new Rows(rows.table, rows.columns);
    rows.data.forEach((values, k) => part.data[k].push(...values.slice(start, start + chunk)));
    inserted += await transaction(client, () => insert(client, part));
  }
  return inserted;
}

const DEAL_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['partner_id', 'uuid'],
  ['vendor_id', 'uuid'],
  ['distributor_id', 'uuid'],
  ['customer_name', 'text'],
  ['customer_domain', 'text'],
  ['amount_minor', 'bigint'],
  ['final_amount_minor', 'bigint'],
  ['currency', 'text'],
  ['expected_close_date', 'date'],
  ['status', 'text'],
  ['protection_expires_at', 'timestamptz'],
  ['vendor_notes', 'text'],
  ['version', 'int'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['protection_days', 'int'],
  ['direct_account_name', 'text'],
  ['closed_at', 'timestamptz'],
  ['verified_amount_minor', 'bigint'],
  ['verified_at', 'timestamptz'],
  ['verified_by_subject', 'text'],
  ['verified_by_role', 'text'],
  ['verified_by_organization_id', 'uuid'],
  ['owner_subject', 'text'],
];
const LINE_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['deal_id', 'uuid'],
  ['product_id', 'uuid'],
  ['quantity', 'int'],
  ['position', 'int'],
];
const EVENT_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['deal_id', 'uuid'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['actor_subject', 'text'],
  ['actor_role', 'text'],
  ['actor_organization_id', 'uuid'],
  ['reason', 'text'],
  ['at', 'timestamptz'],
  ['kind', 'text'],
  ['amount_minor', 'bigint'],
];
const SELL_THROUGH_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['distributor_id', 'uuid'],
  ['partner_id', 'uuid'],
  ['vendor_id', 'uuid'],
  ['product_id', 'uuid'],
  ['quantity', 'int'],
  ['amount_minor', 'bigint'],
  ['currency', 'text'],
  ['sold_on', 'date'],
  ['external_reference', 'text'],
];

const STATUS_WEIGHTS: [DealStatus, number][] = [
  ['SUBMITTED', 0.03],
  ['APPROVED', 0.07],
  ['REJECTED', 0.08],
  ['WON', 0.42],
  ['LOST', 0.22],
  ['EXPIRED', 0.1],
  ['WITHDRAWN', 0.08],
];
const STATUSES = STATUS_WEIGHTS.map(([s]) => s);

/** Days ago, between lo and hi, more of them recent (the channel grows). */
const daysAgo = (r: Random, lo: number, hi: number) => (hi <= lo ? lo : lo + Math.floor(r.next() ** 1.3 * (hi - lo + 1)));

interface DealBatch {
  /** The index of the batch's first deal. */
  from: number;
  dealIds: string[];
  deals: Rows;
  lines: Rows;
  events: Rows;
  sellThrough: Rows;
}

function generateDeals(eco: Ecosystem, from: number, to: number): DealBatch {
  const deals = new Rows('deals', DEAL_COLUMNS);
  const lines = new Rows('deal_lines', LINE_COLUMNS);
  const events = new Rows('deal_events', EVENT_COLUMNS);
  const sellThrough = new Rows('sell_through_lines', SELL_THROUGH_COLUMNS);
  const dealIds: string[] = [];
  const partnerCount = eco.partners.length;
  for (let i = from; i < to; i++) {
    const r = rngFor(2, i);
    // the first seven deals take every status in turn, so even a small run has each
    let status: DealStatus = STATUSES[i];
    if (i >= STATUSES.length) {
      let roll = r.next();
      status = STATUS_WEIGHTS.find(([, w]) => (roll -= w) < 0)?.[0] ?? 'WON';
    }
    const partner = eco.partners[Math.min(partnerCount - 1, Math.floor(r.next() ** 1.6 * partnerCount))];
    const ps = r.pick(eco.activeByPartner[partner.index]);
    const v = ps.vendor;
    const route = eco.routes.get(`${partner.index}:${v.index}`);
    const membership = route && r.chance(0.85) ? r.pick(route) : undefined;
    const customer = r.chance(0.03)
      ? (() => {
          const domains = [...v.directAccounts.keys()];
          const domain = r.pick(domains);
          return { domain, name: v.directAccounts.get(domain)! };
        })()
      : r.pick(CUSTOMERS);
    const protectionDays = v.program.protectionDays;
    const decided = r.int(1, 5);
    const closeAfter = r.int(10, protectionDays - 1);
    // how long ago it was registered, so every transition of its status has happened by today
    const ago =
      status === 'SUBMITTED'
        ? daysAgo(r, 0, 14)
        : status === 'APPROVED'
          ? decided + r.int(0, protectionDays - 1)
          : status === 'EXPIRED'
            ? daysAgo(r, decided + protectionDays + 1, HISTORY_DAYS)
            : status === 'WON' || status === 'LOST'
              ? daysAgo(r, decided + closeAfter, HISTORY_DAYS)
              : daysAgo(r, decided, HISTORY_DAYS);
    const created = Math.max(TODAY - ago * DAY - r.int(0, 36_000) * 1000, ps.enrolledAt + DAY);
    const dealId = id('deal', i);
    dealIds.push(dealId);

    const count = r.chance(0.55) ? 1 : r.chance(0.7) ? 2 : 3;
    let amount = 0;
    const dealLines: [Product, number][] = [];
    for (let pos = 0; pos < count; pos++) {
      let product = r.pick(v.products);
      while (dealLines.some(([p]) => p === product)) product = r.pick(v.products);
      const quantity = product.listPriceMinor > 1_000_000 ? r.int(1, 5) : r.int(1, 25);
      amount += product.listPriceMinor * quantity;
      dealLines.push([product, quantity]);
      lines.add(id('deal-line', i, pos), dealId, product.id, quantity, pos);
    }

    const owner = largeDealOwner(partner, i);
    const partnerActor = ['PARTNER', partner.id, owner] as const;
    const decider =
      membership && r.chance(0.7)
        ? (['DISTRIBUTOR', membership.distributor.id, `user:${membership.distributor.slug}`] as const)
        : (['VENDOR', v.id, `user:${v.slug}`] as const);
    let at = created;
    let version = 0;
    const step = (
      fromStatus: DealStatus | null,
      toStatus: DealStatus,
      actor: readonly [string, string, string],
      reason: string | null,
      when: number,
      verifiedMinor: number | null = null,
    ) => {
      at = when;
      events.add(
        id('deal-event', i, version),
        dealId,
        fromStatus,
        toStatus,
        actor[2],
        actor[0],
        actor[1],
        reason,
        iso(at),
        verifiedMinor === null ? 'STATUS_CHANGE' : 'REVENUE_VERIFIED',
        verifiedMinor,
      );
      version++;
    };
    step(null, 'SUBMITTED', partnerActor, null, created);
    let protection: number | null = null;
    const decidedAt = Math.min(created + decided * DAY + r.int(0, 36_000) * 1000, TODAY);
    if (status === 'REJECTED')
      step(
        'SUBMITTED',
        'REJECTED',
        decider,
        v.directAccounts.has(customer.domain)
          ? 'Customer is a named direct account'
          : r.pick(['Duplicate registration', 'Incomplete opportunity details', 'Customer outside the partner territory']),
        decidedAt,
      );
    if (status === 'WITHDRAWN') step('SUBMITTED', 'WITHDRAWN', partnerActor, r.pick(['Customer postponed the project', 'Budget frozen']), decidedAt);
    let closedAt = 0;
    if (status === 'APPROVED' || status === 'WON' || status === 'LOST' || status === 'EXPIRED') {
      step('SUBMITTED', 'APPROVED', decider, null, decidedAt);
      protection = decidedAt + protectionDays * DAY;
      if (status === 'EXPIRED') step('APPROVED', 'EXPIRED', ['VENDOR', v.id, 'system:expiry'], 'Protection period ended', protection);
      if (status === 'WON' || status === 'LOST') {
        closedAt = decidedAt + (closeAfter - decided) * DAY;
        step(
          'APPROVED',
          status,
          partnerActor,
          status === 'LOST' ? r.pick(['Lost to a competitor', 'No decision', 'Price']) : null,
          Math.min(closedAt, TODAY),
        );
      }
    }
    const finalAmount = status === 'WON' ? Math.round((amount * r.int(85, 100)) / 100) : null;
    // revenue won more than 30 days ago was verified by the vendor at the claim, a day after the close (no draw of its own)
    const closing = at;
    const verified = finalAmount !== null && closing < TODAY - 30 * DAY;
    if (verified) step('WON', 'WON', ['VENDOR', v.id, `user:${v.slug}`], null, closing + DAY, finalAmount);
    const expectedClose = status === 'SUBMITTED' || status === 'APPROVED' ? TODAY + r.int(20, 120) * DAY : created + r.int(30, 120) * DAY;
    deals.add(
      dealId,
      partner.id,
      v.id,
      membership?.distributor.id ?? null,
      customer.name,
      customer.domain,
      amount,
      finalAmount,
      v.currency,
      isoDate(expectedClose),
      status,
      protection === null ? null : iso(protection),
      r.chance(0.2) ? r.pick(['Strategic account, support the partner', 'Check pricing exception', 'Co-sell with enterprise team']) : null,
      version,
      iso(created),
      iso(at),
      protectionDays,
      v.directAccounts.get(customer.domain) ?? null,
      // the closing event's time, as the trigger on deal_events would set it (so it has nothing to rewrite)
      status === 'WON' || status === 'LOST' ? iso(closing) : null,
      ...(verified ? [finalAmount, iso(closing + DAY), `user:${v.slug}`, 'VENDOR', v.id] : [null, null, null, null, null]),
      owner,
    );

    // what follows dates from the close, as before verifications were recorded
    at = closing;
    // sell-through: the distributor reports each line of a won deal it fulfilled, and the partner's run-rate orders
    if (status === 'WON' && membership) {
      const ratio = finalAmount! / amount;
      dealLines.forEach(([product, quantity], pos) =>
        sellThrough.add(
          id('sell-through', i, pos),
          membership.distributor.id,
          partner.id,
          v.id,
          product.id,
          quantity,
          Math.round((product.listPriceMinor * quantity * ratio * r.int(70, 95)) / 100),
          v.currency,
          isoDate(Math.min(at + r.int(1, 20) * DAY, TODAY)),
          `LG-${i}-${pos}`,
        ),
      );
    }
    if (route && r.chance(0.25)) {
      const m = r.pick(route);
      const product = r.pick(v.products);
      const quantity = r.int(1, 10);
      const soldOn = Math.max(m.joinedAt, TODAY - daysAgo(r, 1, HISTORY_DAYS) * DAY);
      sellThrough.add(
        id('sell-through', i, 'run-rate'),
        m.distributor.id,
        partner.id,
        v.id,
        product.id,
        quantity,
        Math.round((product.listPriceMinor * quantity * r.int(70, 95)) / 100),
        v.currency,
        isoDate(soldOn),
        `LG-${i}-R`,
      );
    }
  }
  return { from, dealIds, deals, lines, events, sellThrough };
}

/** How many partner managers a large vendor has (user:partner-manager-<n>@<slug>, n from 1): 4 to 8. */
const partnerManagerCount = (v: Vendor): number => 4 + (v.index % 5);

/**
 * Partnership.manager in the large ecosystem: each vendor's partnerships spread over its partner managers by partner
 * (so one manager holds a partner's partnership with that vendor); an application (PENDING) waits unassigned for the
 * vendor's ADMIN to route it.
 */
function partnershipManagerOf(ps: Partnership): string | null {
  if (ps.status === 'PENDING') return null;
  return `user:partner-manager-${(ps.partner.index % partnerManagerCount(ps.vendor)) + 1}@${ps.vendor.slug}`;
}

const memberRows = () =>
  new Rows('members', [
    ['id', 'uuid'],
    ['organization_id', 'uuid'],
    ['subject', 'text'],
    ['name', 'text'],
    ['email', 'text'],
    ['groups', 'text[]'],
    ['status', 'text'],
  ]);

/**
 * An organization's people (DESIGN.md §6): its ADMIN at user:<slug>, as in the demo seed, and `count` members of each
 * group at user:<group>-<n>@<slug> (several partner managers per vendor, several sales reps per partner), all ACTIVE.
 */
function addPeople(rows: Rows, org: { id: string; slug: string; name: string }, groups: [group: string, count: number][]): void {
  rows.add(id('member', org.slug, 'admin'), org.id, `user:${org.slug}`, `${org.name} admin`, `admin@${org.slug}.example`, ['ADMIN'], 'ACTIVE');
  for (const [group, count] of groups) {
    for (let n = 1; n <= count; n++) {
      const local = `${group.toLowerCase().replace(/_/g, '-')}-${n}`;
      const name = `${FIRST[(org.slug.length * 7 + n * 13 + group.length) % FIRST.length]} ${LAST[(org.slug.length * 3 + n * 17) % LAST.length]}`;
      rows.add(id('member', org.slug, local), org.id, `user:${local}@${org.slug}`, name, `${local}@${org.slug}.example`, [group], 'ACTIVE');
    }
  }
}

/** How many SALES members a large partner has (addPeople names them user:sales-<n>@<slug>, n from 1). */
const salesRepsOf = (partner: Partner): number => 2 + (partner.index % 4);

/**
 * Who registered and owns deal `i` of `partner` (DESIGN §6): its SALES members in turn, by the deal's index (no draw of
 * its own, so every other figure of the seed stays as it was). Their subjects are addPeople's.
 */
function largeDealOwner(partner: Partner, i: number): string {
  return `user:sales-${1 + (i % salesRepsOf(partner))}@${partner.slug}`;
}

function dimensionRows(eco: Ecosystem): Record<SubgraphName, Rows[]> {
  const vendors = new Rows('vendors', [
    ['id', 'uuid'],
    ['slug', 'text'],
    ['name', 'text'],
    ['website', 'text'],
    ['headquarters_country', 'text'],
    ['currency', 'text'],
    ['created_at', 'timestamptz'],
  ]);
  const products = new Rows('products', [
    ['id', 'uuid'],
    ['vendor_id', 'uuid'],
    ['sku', 'text'],
    ['name', 'text'],
    ['category', 'text'],
    ['list_price_minor', 'bigint'],
    ['unit_cost_minor', 'bigint'],
    ['currency', 'text'],
  ]);
  const programs = new Rows('partner_programs', [
    ['id', 'uuid'],
    ['vendor_id', 'uuid'],
    ['name', 'text'],
    ['description', 'text'],
    ['protection_days', 'int'],
    ['currency', 'text'],
  ]);
  const tiers = new Rows('program_tiers', [
    ['id', 'uuid'],
    ['program_id', 'uuid'],
    ['name', 'text'],
    ['rank', 'int'],
    ['min_revenue_minor', 'bigint'],
    ['min_certifications', 'int'],
    ['min_won_deals', 'int'],
    ['discount_bps', 'int'],
    ['rebate_bps', 'int'],
    ['mdf_eligible', 'bool'],
  ]);
  const incentives = new Rows('incentives', [
    ['id', 'uuid'],
    ['vendor_id', 'uuid'],
    ['program_id', 'uuid'],
    ['kind', 'text'],
    ['audience', 'text'],
    ['name', 'text'],
    ['description', 'text'],
    ['starts_on', 'date'],
    ['ends_on', 'date'],
    ['budget_minor', 'bigint'],
    ['spent_minor', 'bigint'],
    ['currency', 'text'],
    ['min_tier_rank', 'int'],
    ['regions', 'text[]'],
    ['countries', 'text[]'],
    ['partner_types', 'text[]'],
    ['product_categories', 'text[]'],
  ]);
  const partnerships = new Rows('partnerships', [
    ['id', 'uuid'],
    ['vendor_id', 'uuid'],
    ['partner_id', 'uuid'],
    ['program_id', 'uuid'],
    ['tier_id', 'uuid'],
    ['status', 'text'],
    ['sales_motion', 'text'],
    ['target_revenue_minor', 'bigint'],
    ['currency', 'text'],
    ['enrolled_at', 'timestamptz'],
    ['manager_subject', 'text'],
  ]);
  const agreements = new Rows('distribution_agreements', [
    ['id', 'uuid'],
    ['vendor_id', 'uuid'],
    ['distributor_id', 'uuid'],
    ['regions', 'text[]'],
    ['active', 'bool'],
    ['started_on', 'date'],
  ]);
  const directAccounts = new Rows('direct_accounts', [
    ['id', 'uuid'],
    ['vendor_id', 'uuid'],
    ['customer_name', 'text'],
    ['domain', 'text'],
  ]);
  const distributors = new Rows('distributors', [
    ['id', 'uuid'],
    ['slug', 'text'],
    ['name', 'text'],
    ['region', 'text'],
    ['countries', 'text[]'],
    ['created_at', 'timestamptz'],
  ]);
  const memberships = new Rows('network_memberships', [
    ['id', 'uuid'],
    ['distributor_id', 'uuid'],
    ['partner_id', 'uuid'],
    ['vendor_id', 'uuid'],
    ['credit_limit_minor', 'bigint'],
    ['currency', 'text'],
    ['payment_terms_days', 'int'],
    ['status', 'text'],
    ['joined_at', 'timestamptz'],
  ]);
  const partners = new Rows('partners', [
    ['id', 'uuid'],
    ['slug', 'text'],
    ['name', 'text'],
    ['partner_types', 'text[]'],
    ['sales_motion', 'text'],
    ['region', 'text'],
    ['country', 'text'],
    ['created_at', 'timestamptz'],
  ]);
  const certifications = new Rows('certifications', [
    ['id', 'uuid'],
    ['partner_id', 'uuid'],
    ['code', 'text'],
    ['name', 'text'],
    ['holder_name', 'text'],
    ['earned_on', 'date'],
    ['expires_on', 'date'],
    ['vendor_id', 'uuid'],
    ['verified_at', 'timestamptz'],
  ]);

  const founded = iso(TODAY - 1600 * DAY);
  const random = new Random(20261123);
  for (const v of eco.vendors) {
    vendors.add(v.id, v.slug, v.name, `https://${v.slug}.example`, v.country, v.currency, founded);
    for (const p of v.products) products.add(p.id, v.id, p.sku, p.name, p.category, p.listPriceMinor, p.unitCostMinor, v.currency);
    programs.add(v.program.id, v.id, v.program.name, `Resell, manage and co-sell ${v.name}.`, v.program.protectionDays, v.currency);
    for (const t of v.program.tiers) {
      tiers.add(
        t.id,
        v.program.id,
        t.name,
        t.rank,
        [0, 100_000, 500_000, 2_000_000][t.rank - 1] * 100,
        t.rank - 1,
        [0, 2, 5, 12][t.rank - 1],
        300 + t.rank * 400,
        (t.rank - 1) * 100,
        t.rank >= 2,
      );
    }
    const incentive = (
      name: string,
      kind: string,
      audience: string,
      fields: { minTierRank?: number; regions?: string[]; types?: string[]; categories?: string[]; budget?: number | null },
    ) => {
      const budget = fields.budget === undefined ? random.int(50, 500) * 100_000 : fields.budget;
      incentives.add(
        id('incentive', v.slug, name),
        v.id,
        audience === 'DISTRIBUTOR' ? null : v.program.id,
        kind,
        audience,
        name,
        `${name} (${v.name}).`,
        '2026-01-01',
        null,
        budget,
        budget === null ? 0 : Math.round((budget * random.int(0, 60)) / 100),
        v.currency,
        fields.minTierRank ?? null,
        fields.regions ?? [],
        [],
        fields.types ?? [],
        fields.categories ?? [],
      );
    };
    incentive('Quarterly growth rebate', 'REBATE', 'PARTNER', { minTierRank: 2 });
    incentive(`${REGIONS[v.index % 4]} demand generation fund`, 'MDF', 'PARTNER', { regions: [REGIONS[v.index % 4]], minTierRank: 2 });
    incentive(`${v.products[0].category} attach SPIFF`, 'SPIFF', 'PARTNER', { categories: [v.products[0].category] });
    incentive('New logo registration bonus', 'DEAL_REGISTRATION_BONUS', 'PARTNER', { types: ['VAR', 'MSP'], budget: null });
    incentive('Distributor volume rebate', 'REBATE', 'DISTRIBUTOR', {});
    for (const [domain, name] of v.directAccounts) directAccounts.add(id('direct-account', v.slug, domain), v.id, name, domain);
  }
  for (const d of eco.distributors) {
    distributors.add(d.id, d.slug, d.name, d.region, d.countries, founded);
    for (const vendorIndex of d.vendors) {
      const v = eco.vendors[vendorIndex];
      agreements.add(id('agreement', v.slug, d.slug), v.id, d.id, [d.region], true, isoDate(TODAY - random.int(1200, 1600) * DAY));
    }
  }
  for (const p of eco.partners) partners.add(p.id, p.slug, p.name, p.types, p.motion, p.region, p.country, iso(p.createdAt));
  for (const ps of eco.partnerships) {
    const v = ps.vendor;
    partnerships.add(
      ps.id,
      v.id,
      ps.partner.id,
      v.program.id,
      ps.tierId,
      ps.status,
      ps.partner.motion,
      ps.targetMinor,
      v.currency,
      iso(ps.enrolledAt),
      partnershipManagerOf(ps),
    );
    const r = rngFor(3, ps.partner.index * 32 + v.index);
    for (let k = 0; k < Math.min(ps.rank, v.certifications.length); k++) {
      const [code, name] = v.certifications[k];
      const earned = TODAY - r.int(30, 1000) * DAY;
      const expired = r.chance(0.1);
      certifications.add(
        id('certification', ps.partner.index, code),
        ps.partner.id,
        code,
        name,
        `${r.pick(FIRST)} ${r.pick(LAST)}`,
        isoDate(earned),
        isoDate(expired ? TODAY - r.int(1, 25) * DAY : earned + 730 * DAY),
        v.id,
        iso(earned + 7 * DAY), // the demo's certifications are all verified, a week after they were earned
      );
    }
  }
  for (const m of eco.memberships) {
    memberships.add(m.id, m.distributor.id, m.partner.id, m.vendor.id, m.creditLimitMinor, m.vendor.currency, m.termsDays, 'ACTIVE', iso(m.joinedAt));
  }
  const people = { vendor: memberRows(), partner: memberRows(), distributor: memberRows() };
  for (const v of eco.vendors)
    addPeople(people.vendor, v, [
      ['PARTNER_MANAGER', partnerManagerCount(v)],
      ['FINANCE', 1],
      ['ANALYST', 1],
    ]);
  for (const p of eco.partners)
    addPeople(people.partner, p, [
      ['SALES', salesRepsOf(p)],
      ['MARKETING', 1],
    ]);
  for (const d of eco.distributors)
    addPeople(people.distributor, d, [
      ['DEAL_DESK', 2],
      ['CREDIT', 1],
    ]);
  return {
    // people before partnerships: a partnership's manager is one of its vendor's members (a foreign key)
    vendor: [vendors, products, programs, tiers, incentives, people.vendor, partnerships, agreements, directAccounts],
    partner: [partners, certifications, people.partner],
    distributor: [distributors, memberships, people.distributor],
  };
}

// --- leads (issue 15): large-leads.ts generates them; these load them ---

function leadWorld(eco: Ecosystem): LeadWorld {
  return {
    today: TODAY,
    months: Math.floor(HISTORY_DAYS / 30),
    id,
    rngFor,
    customers: CUSTOMERS,
    first: FIRST,
    last: LAST,
    partners: eco.partners,
    activeByPartner: eco.activeByPartner,
    routes: eco.routes,
  };
}

function leadRows(rows: unknown[][]): Rows {
  const leads = new Rows('leads', LEAD_COLUMNS);
  for (const row of rows) leads.add(...row);
  return leads;
}

/** The leads some of a batch's deals were converted from, and the deals pointing back (the links are circular: deals first). */
async function insertConvertedLeads(client: Client, eco: Ecosystem, batch: DealBatch): Promise<number> {
  const world = leadWorld(eco);
  const column = (rows: Rows, name: string) => rows.data[rows.columns.findIndex(([c]) => c === name)];
  const [ids, partnerIds, vendorIds, distributorIds, names, domains, amounts, currencies, created] = [
    'id',
    'partner_id',
    'vendor_id',
    'distributor_id',
    'customer_name',
    'customer_domain',
    'amount_minor',
    'currency',
    'created_at',
  ].map((name) => column(batch.deals, name));
  const productsOf = new Map<string, string[]>();
  const [lineDeals, lineProducts] = [column(batch.lines, 'deal_id'), column(batch.lines, 'product_id')];
  lineDeals.forEach((dealId, k) => productsOf.set(dealId as string, [...(productsOf.get(dealId as string) ?? []), lineProducts[k] as string]));
  const regionOf = new Map(eco.partners.map((p) => [p.id, p.region]));
  const rows: unknown[][] = [];
  ids.forEach((dealId, k) => {
    const row = convertedLead(world, {
      index: batch.from + k,
      id: dealId as string,
      partnerId: partnerIds[k] as string,
      partnerRegion: regionOf.get(partnerIds[k] as string)!,
      vendorId: vendorIds[k] as string,
      distributorId: distributorIds[k] as string | null,
      customerName: names[k] as string,
      customerDomain: domains[k] as string,
      amountMinor: amounts[k] as number,
      currency: currencies[k] as string,
      productIds: productsOf.get(dealId as string) ?? [],
      createdAt: Date.parse(created[k] as string),
    });
    if (row) rows.push(row);
  });
  const inserted = await insert(client, leadRows(rows));
  await client.query(`UPDATE deals d SET lead_id = l.id FROM leads l WHERE l.deal_id = d.id AND d.lead_id IS NULL AND d.id = ANY($1::uuid[])`, [ids]);
  return inserted;
}

/** The other leads, a few hundred partners per statement. */
async function seedLeads(
  client: Client,
  eco: Ecosystem,
  perPartnerMonth: number,
  count: (table: string, n: number) => void,
  progress: (phase: string, done: number, of: number) => void,
): Promise<void> {
  const world = leadWorld(eco);
  const step = 250;
  for (let from = 0; from < eco.partners.length; from += step) {
    const to = Math.min(eco.partners.length, from + step);
    count('leads', await insertChunked(client, leadRows(generateLeads(world, from, to, perPartnerMonth)), 20_000));
    progress('leads', to, eco.partners.length);
  }
}

async function connect(url: string, schema: string): Promise<Client> {
  const client = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  return client;
}

/** Generates the large ecosystem into the (migrated) databases; returns the rows inserted per table (all zero on a second run). */
export async function seedLarge(options: LargeSeedOptions): Promise<Record<string, number>> {
  const total = options.deals;
  const partnerCount = options.partners ?? LARGE_DEFAULTS.partners;
  const batchSize = options.batchSize ?? LARGE_DEFAULTS.batchSize;
  const leadsPerPartnerMonth = options.leadsPerPartnerMonth ?? 0;
  if (!Number.isInteger(leadsPerPartnerMonth) || leadsPerPartnerMonth < 0 || leadsPerPartnerMonth > 100)
    throw new RangeError(`leadsPerPartnerMonth must be an integer from 0 to 100, got ${leadsPerPartnerMonth}`);
  if (!Number.isInteger(total) || total < 1 || total > LARGE_DEFAULTS.maxDeals)
    throw new RangeError(`deals must be a positive integer ≤ ${LARGE_DEFAULTS.maxDeals.toLocaleString('en-US')}, got ${total}`);
  if (!Number.isInteger(partnerCount) || partnerCount < 1 || partnerCount > 1_000_000)
    throw new RangeError(`partners must be a positive integer ≤ 1,000,000, got ${partnerCount}`);
  const started = Date.now();
  const counts: Record<string, number> = {};
  let rows = 0;
  const count = (table: string, n: number) => {
    counts[table] = (counts[table] ?? 0) + n;
    rows += n;
  };
  const progress = (phase: string, done: number, of: number) =>
    options.onProgress?.({ phase, done, total: of, rows, elapsedMs: Date.now() - started });

  const clients = {
    vendor: await connect(options.urls.vendor, 'vendor'),
    partner: await connect(options.urls.partner, 'partner'),
    distributor: await connect(options.urls.distributor, 'distributor'),
  };
  try {
    const eco = buildEcosystem(partnerCount);
    const dimensions = dimensionRows(eco);
    for (const name of ['vendor', 'distributor', 'partner'] as const) {
      for (const table of dimensions[name]) {
        count(table.table, await insertChunked(clients[name], table));
        progress(table.table, table.length, table.length);
      }
    }

    const exists = async (client: Client, table: string, ids: string[]) =>
      ids.length === 0 ? 0 : ((await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])).rows[0].n as number);
    const load = async (batch: DealBatch): Promise<void> => {
      // each subgraph's part of a batch is one transaction; a part already there (an earlier run) is skipped
      const partnerPart = (async () => {
        if ((await exists(clients.partner, 'deals', batch.dealIds)) === batch.dealIds.length) {
          for (const t of ['deals', 'deal_lines', 'deal_events']) count(t, 0);
          return;
        }
        await transaction(clients.partner, async () => {
          const inserted = [
            await insert(clients.partner, batch.deals),
            await insert(clients.partner, batch.lines),
            await insert(clients.partner, batch.events),
          ];
          count('deals', inserted[0]);
          count('deal_lines', inserted[1]);
          count('deal_events', inserted[2]);
          if (leadsPerPartnerMonth) count('leads', await insertConvertedLeads(clients.partner, eco, batch));
        });
      })();
      const distributorPart = (async () => {
        const ids = batch.sellThrough.data[0] as string[];
        if ((await exists(clients.distributor, 'sell_through_lines', ids)) === ids.length) return count('sell_through_lines', 0);
        await transaction(clients.distributor, async () => count('sell_through_lines', await insert(clients.distributor, batch.sellThrough)));
      })();
      const results = await Promise.allSettled([partnerPart, distributorPart]);
      for (const result of results) if (result.status === 'rejected') throw result.reason;
    };
    // generate the next batch while the database writes the previous one
    let pending: Promise<void> | undefined;
    for (let from = 0; from < total; from += batchSize) {
      const batch = generateDeals(eco, from, Math.min(total, from + batchSize));
      await pending;
      const to = Math.min(total, from + batchSize);
      pending = load(batch).then(() => progress('deals', to, total));
    }
    await pending;
    if (leadsPerPartnerMonth) await seedLeads(clients.partner, eco, leadsPerPartnerMonth, count, progress);
    return counts;
  } finally {
    await Promise.all(Object.values(clients).map((client) => client.end().catch(() => undefined)));
  }
}
