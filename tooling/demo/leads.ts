import { diff, type FieldChange, type Snapshot } from '../../common/audit';
import { stableId } from '../../common/ids';
import { createdLeadSnapshot, leadSnapshot } from '../../subgraphs/partner/services/lead-snapshots';
import type { LeadStatus } from '../../subgraphs/partner/entities/lead';
import { adminSubject } from './members';
import {
  ATLAS,
  BLUEPEAK,
  DEMO_TODAY,
  demoEcosystem,
  HARBOR,
  IONIC,
  MERIDIAN,
  NORTHWIND,
  REFERRAL_POINT,
  TESSERA,
  type DemoDeal,
  type DemoDistributor,
  type DemoPartner,
  type DemoVendor,
} from './catalog';
import { Random } from './random';

/**
 * The demo's leads (DESIGN §8): for both vendors, leads in every status with the named partners and both distributors
 * (some passed by a distributor to a partner of its network), some converted into demo deals (linked both ways), and
 * each with the history the real mutations write (services/leads.ts: a CREATED change, then one per decision, the
 * expiry as the system's). NEW leads are the vendor's backlog, never assigned: an assigned NEW lead would read EXPIRED
 * once the real clock passes its deadline, so the demo would not keep one.
 * A generator of its own (own random seed), so every other demo row stays what it was.
 */
export interface DemoLeadEvent {
  id: string;
  action: string;
  actorSubject: string;
  actorRole: 'VENDOR' | 'PARTNER' | 'DISTRIBUTOR';
  actorOrganizationId: string;
  changes: FieldChange[];
  at: string;
}

export interface DemoLead {
  id: string;
  vendorId: string;
  externalRef: string;
  companyName: string;
  companyDomain: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  productIds: string[];
  estimatedAmountMinor: number;
  currency: string;
  source: string;
  region: string;
  status: LeadStatus;
  partnerId: string | null;
  distributorId: string | null;
  assignedAt: string | null;
  acceptBy: string | null;
  acceptedAt: string | null;
  reason: string | null;
  dealId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  history: DemoLeadEvent[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW_HOURS = 72;

type Outcome = Exclude<LeadStatus, 'NEW'>;
/** Who gets the lead: a partner directly, a distributor that keeps it, or a distributor that passes it to a partner. */
type Route = { partner: DemoPartner } | { distributor: DemoDistributor } | { distributor: DemoDistributor; passedTo: DemoPartner };

/** [vendor, route, outcome]: every status with every named assignee of each vendor's channel. */
const PLAN: [DemoVendor, Route, Outcome][] = [
  [NORTHWIND, { partner: BLUEPEAK }, 'ACCEPTED'],
  [NORTHWIND, { partner: BLUEPEAK }, 'DECLINED'],
  [NORTHWIND, { partner: BLUEPEAK }, 'EXPIRED'],
  [NORTHWIND, { partner: BLUEPEAK }, 'LOST'],
  [NORTHWIND, { partner: BLUEPEAK }, 'CONVERTED'],
  [NORTHWIND, { partner: BLUEPEAK }, 'CONVERTED'],
  [NORTHWIND, { partner: HARBOR }, 'ACCEPTED'],
  [NORTHWIND, { partner: HARBOR }, 'DECLINED'],
  [NORTHWIND, { partner: HARBOR }, 'EXPIRED'],
  [NORTHWIND, { partner: HARBOR }, 'CONVERTED'],
  [NORTHWIND, { partner: IONIC }, 'CONVERTED'],
  [NORTHWIND, { partner: IONIC }, 'LOST'],
  [NORTHWIND, { partner: IONIC }, 'ACCEPTED'],
  [NORTHWIND, { partner: REFERRAL_POINT }, 'DECLINED'],
  [NORTHWIND, { partner: REFERRAL_POINT }, 'ACCEPTED'],
  [NORTHWIND, { distributor: TESSERA }, 'ACCEPTED'],
  [NORTHWIND, { distributor: TESSERA }, 'EXPIRED'],
  [NORTHWIND, { distributor: TESSERA, passedTo: BLUEPEAK }, 'CONVERTED'],
  [NORTHWIND, { distributor: MERIDIAN }, 'DECLINED'],
  [NORTHWIND, { distributor: MERIDIAN, passedTo: HARBOR }, 'ACCEPTED'],
  [ATLAS, { partner: IONIC }, 'CONVERTED'],
  [ATLAS, { partner: IONIC }, 'ACCEPTED'],
  [ATLAS, { partner: IONIC }, 'DECLINED'],
  [ATLAS, { partner: IONIC }, 'EXPIRED'],
  [ATLAS, { partner: IONIC }, 'LOST'],
  [ATLAS, { distributor: TESSERA }, 'LOST'],
  [ATLAS, { distributor: TESSERA, passedTo: IONIC }, 'ACCEPTED'],
];
/** Unassigned NEW leads per vendor (its backlog). */
const BACKLOG: [DemoVendor, number][] = [
  [NORTHWIND, 3],
  [ATLAS, 2],
];

const PROSPECTS = [
  'Arcadia Bikes',
  'Brightwater Clinics',
  'Cedar Row Hotels',
  'Dunmore Freight',
  'Elmstead Schools',
  'Foxglove Pharma',
  'Greyhawk Mining',
  'Holloway Legal',
  'Ironbridge Foundry',
  'Juno Textiles',
  'Kestrel Aviation',
  'Larkspur Retail',
  'Marlow Breweries',
  'Nettle Agritech',
  'Osprey Marine',
];
const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Eva', 'Finn', 'Gia', 'Hugo', 'Ines', 'Jon'];
const LAST = ['Adler', 'Brandt', 'Costa', 'Dekker', 'Evans', 'Fischer', 'Grant', 'Hale', 'Ito', 'Jensen'];
const SOURCES = ['webinar', 'trade show', 'website form', 'content download', 'referral'];
const DECLINED = ['No capacity this quarter', 'Outside our region', 'Not a fit for our practice'];
const LOST = ['Budget frozen', 'Went with a competitor', 'Project cancelled'];

const domainOf = (company: string) => `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
const iso = (ms: number) => new Date(ms).toISOString();

let cached: DemoLead[] | undefined;
export function demoLeads(): DemoLead[] {
  return (cached ??= buildLeads());
}

function buildLeads(): DemoLead[] {
  const random = new Random(20261203);
  const eco = demoEcosystem();
  const taken = new Set<string>();
  /** The k-th unconverted demo deal of this partner with the vendor, through this distributor (or none) when given. */
  const dealFor = (vendor: DemoVendor, partner: DemoPartner, distributorId?: string): DemoDeal => {
    const deal = eco.deals.find(
      (d) =>
        d.vendorId === vendor.id &&
        d.partnerId === partner.id &&
        !taken.has(d.id) &&
        (distributorId === undefined || d.distributorId === distributorId),
    );
    if (!deal) throw new Error(`The demo has no deal of ${partner.slug} with ${vendor.slug} to convert a lead into.`);
    taken.add(deal.id);
    return deal;
  };
  const leads: DemoLead[] = [];
  const lead = (vendor: DemoVendor, deal: DemoDeal | null, createdMs: number, region: string) => {
    const n = leads.length;
    const companyName = deal
      ? deal.customerName
      : `${PROSPECTS[n % PROSPECTS.length]}${n >= PROSPECTS.length ? ` ${Math.floor(n / PROSPECTS.length) + 1}` : ''}`;
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const products = eco.products.filter((p) => p.vendorId === vendor.id);
    const productIds = deal ? deal.lines.map((l) => l.productId) : [random.pick(products).id];
    const estimate = deal ? deal.amountMinor : products.find((p) => p.id === productIds[0])!.listPriceMinor * random.int(1, 4);
    const row: DemoLead = {
      id: stableId('lead', vendor.slug, String(n)),
      vendorId: vendor.id,
      externalRef: `${vendor.slug.split('-')[0].toUpperCase()}-CRM-${String(1000 + n)}`,
      companyName,
      companyDomain: deal ? deal.customerDomain.toLowerCase() : domainOf(companyName),
      contactName: `${first} ${last}`,
      contactEmail: `${first.toLowerCase()}.${last.toLowerCase()}@${deal ? deal.customerDomain.toLowerCase() : domainOf(companyName)}`,
      contactPhone: `+${random.int(1, 49)} ${random.int(100, 999)} ${random.int(1000000, 9999999)}`,
      productIds,
      estimatedAmountMinor: estimate,
      currency: vendor.currency,
      source: random.pick(SOURCES),
      region,
      status: 'NEW',
      partnerId: null,
      distributorId: null,
      assignedAt: null,
      acceptBy: null,
      acceptedAt: null,
      reason: null,
      dealId: null,
      version: 0,
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs),
      history: [],
    };
    leads.push(row);
    record(row, 'CREATED', vendorActor(vendor), createdMs, null, createdLeadSnapshot(row));
    return row;
  };

  for (const [vendor, route, outcome] of PLAN) {
    const partner = 'partner' in route ? route.partner : 'passedTo' in route ? route.passedTo : null;
    const distributor = 'distributor' in route ? route.distributor : null;
    const deal = outcome === 'CONVERTED' ? dealFor(vendor, partner!, distributor?.id) : null;
    const acceptHours = random.int(1, 60);
    // a converted lead was converted when its deal was registered; the others happened some time before the demo's today
    const convertedMs = deal ? new Date(deal.createdAt).getTime() : 0;
    const createdMs = deal ? convertedMs - acceptHours * HOUR - random.int(1, 5) * DAY - 2 * HOUR : DEMO_TODAY.getTime() - random.int(6, 300) * DAY;
    const row = lead(vendor, deal, createdMs, (partner ?? distributor!).region);
    let at = createdMs + HOUR;
    const holderActor = partner ? partnerActor(partner) : distributorActor(distributor!);
    assign(row, vendorActor(vendor), at, partner && !distributor ? { partnerId: partner.id } : { distributorId: distributor!.id });
    if (distributor && partner) {
      at += random.int(1, 4) * HOUR;
      assign(row, distributorActor(distributor), at, { partnerId: partner.id });
    }
    if (outcome === 'EXPIRED') {
      decide(
        row,
        'EXPIRED',
        { actorSubject: 'system:lead-expiry', actorRole: 'VENDOR', actorOrganizationId: vendor.id },
        Date.parse(row.acceptBy!),
        {},
      );
      continue;
    }
    if (outcome === 'DECLINED') {
      decide(row, 'DECLINED', holderActor, at + random.int(1, 48) * HOUR, { reason: random.pick(DECLINED) });
      continue;
    }
    at += acceptHours * HOUR;
    decide(row, 'ACCEPTED', holderActor, at, { acceptedAt: iso(at) });
    if (outcome === 'LOST') decide(row, 'LOST', holderActor, at + random.int(3, 40) * DAY, { reason: random.pick(LOST) });
    if (deal) decide(row, 'CONVERTED', holderActor, convertedMs, { dealId: deal.id });
  }
  for (const [vendor, count] of BACKLOG)
    for (let k = 0; k < count; k++) lead(vendor, null, DEMO_TODAY.getTime() - (k + 1) * DAY, k % 2 ? 'NA' : 'EMEA');
  return leads;
}

type Actor = Pick<DemoLeadEvent, 'actorSubject' | 'actorRole' | 'actorOrganizationId'>;
const vendorActor = (v: DemoVendor): Actor => ({ actorSubject: adminSubject(v.slug), actorRole: 'VENDOR', actorOrganizationId: v.id });
const partnerActor = (p: DemoPartner): Actor => ({ actorSubject: adminSubject(p.slug), actorRole: 'PARTNER', actorOrganizationId: p.id });
const distributorActor = (d: DemoDistributor): Actor => ({ actorSubject: adminSubject(d.slug), actorRole: 'DISTRIBUTOR', actorOrganizationId: d.id });

/** One change as recordChange writes it: the snapshots' difference, the version bumped. */
function record(lead: DemoLead, action: string, actor: Actor, atMs: number, before: Snapshot | null, after: Snapshot): void {
  lead.history.push({
    id: stableId('change-event', 'lead', lead.id, String(lead.history.length)),
    action,
    ...actor,
    changes: diff(before, after),
    at: iso(atMs),
  });
  lead.version += 1;
  lead.updatedAt = iso(atMs);
}

/** assignLead: a fresh window of the default 72 hours from now. */
function assign(lead: DemoLead, actor: Actor, atMs: number, to: { partnerId?: string; distributorId?: string }): void {
  const before = leadSnapshot(lead);
  if (to.partnerId) lead.partnerId = to.partnerId;
  if (to.distributorId) lead.distributorId = to.distributorId;
  lead.assignedAt = iso(atMs);
  lead.acceptBy = iso(atMs + WINDOW_HOURS * HOUR);
  lead.acceptedAt = null;
  record(lead, 'ASSIGNED', actor, atMs, before, leadSnapshot(lead));
}

function decide(lead: DemoLead, to: LeadStatus, actor: Actor, atMs: number, set: Partial<Pick<DemoLead, 'reason' | 'dealId' | 'acceptedAt'>>): void {
  const before = leadSnapshot(lead);
  lead.status = to;
  Object.assign(lead, set);
  record(lead, to, actor, atMs, before, leadSnapshot(lead));
}
