import type { Random } from './random';

/**
 * seed:large's leads (DESIGN §8, issue 15): about `perPartnerMonth` leads per partner per month over the three years,
 * from the vendors it is ACTIVE with, in realistic proportions (most expire or are declined; of the accepted, most are
 * lost), a tenth passed on by a distributor of the partner's network; and some of the large deals converted from a lead
 * (linked both ways). Rows only: the leads' histories (change_events) are not generated at this scale, nothing here
 * reads them. Kept apart from large.ts's deal generator so each row stays what it was.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW_HOURS = 72;
/** Share of the large deals registered by converting a lead. */
export const CONVERTED_SHARE = 0.12;

type LeadOutcome = 'NEW' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'LOST';
/** What becomes of a lead that is not converted (NEW: the vendor has not given it out yet). */
const OUTCOME_WEIGHTS: [LeadOutcome, number][] = [
  ['NEW', 0.03],
  ['ACCEPTED', 0.12],
  ['DECLINED', 0.2],
  ['EXPIRED', 0.3],
  ['LOST', 0.35],
];
const DECLINED = ['No capacity this quarter', 'Outside our territory', 'Not a fit for our practice'];
const LOST = ['Budget frozen', 'Went with a competitor', 'Project cancelled', 'No decision'];
const SOURCES = ['webinar', 'trade show', 'website form', 'content download', 'referral', 'partner portal'];

export const LEAD_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['vendor_id', 'uuid'],
  ['external_ref', 'text'],
  ['company_name', 'text'],
  ['company_domain', 'text'],
  ['contact_name', 'text'],
  ['contact_email', 'text'],
  ['contact_phone', 'text'],
  ['product_ids', 'uuid[]'],
  ['estimated_amount_minor', 'bigint'],
  ['currency', 'text'],
  ['source', 'text'],
  ['region', 'text'],
  ['status', 'text'],
  ['partner_id', 'uuid'],
  ['distributor_id', 'uuid'],
  ['assigned_at', 'timestamptz'],
  ['accept_by', 'timestamptz'],
  ['accepted_at', 'timestamptz'],
  ['reason', 'text'],
  ['deal_id', 'uuid'],
  ['version', 'int'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];

/** What the lead generator needs of large.ts's ecosystem (structural, so large.ts keeps its types to itself). */
export interface LeadWorld {
  today: number;
  months: number;
  id: (...parts: (string | number)[]) => string;
  rngFor: (kind: number, index: number) => Random;
  customers: { name: string; domain: string }[];
  first: string[];
  last: string[];
  partners: { index: number; id: string; region: string }[];
  /** per partner index: its ACTIVE partnerships */
  activeByPartner: {
    enrolledAt: number;
    vendor: { index: number; id: string; code: string; currency: string; products: { id: string; listPriceMinor: number }[] };
  }[][];
  /** `${partnerIndex}:${vendorIndex}` → the distributors serving that partner for that vendor */
  routes: Map<string, { distributor: { id: string } }[]>;
}

export type LeadRow = unknown[];
const iso = (ms: number) => new Date(ms).toISOString();

function contact(r: Random, world: LeadWorld, domain: string): [string, string, string] {
  const first = r.pick(world.first);
  const last = r.pick(world.last);
  return [`${first} ${last}`, `${first}.${last}@${domain}`.toLowerCase(), `+${r.int(1, 99)} ${r.int(100, 999)} ${r.int(1_000_000, 9_999_999)}`];
}

/** The leads of partners [from, to) that were not converted: ~perPartnerMonth a month each, back `months` months. */
export function generateLeads(world: LeadWorld, from: number, to: number, perPartnerMonth: number): LeadRow[] {
  const rows: LeadRow[] = [];
  for (let p = from; p < to; p++) {
    const partner = world.partners[p];
    const active = world.activeByPartner[partner.index];
    for (let month = 0; month < world.months; month++) {
      const r = world.rngFor(20, partner.index * 64 + month);
      const count = r.int(Math.max(0, perPartnerMonth - 2), perPartnerMonth + 2);
      for (let k = 0; k < count; k++) {
        const ps = r.pick(active);
        const v = ps.vendor;
        const created = world.today - (month * 30 + r.int(0, 29)) * DAY - r.int(0, 86_399) * 1000;
        if (created < ps.enrolledAt) continue;
        let roll = r.next();
        const outcome = OUTCOME_WEIGHTS.find(([, w]) => (roll -= w) < 0)?.[0] ?? 'LOST';
        const customer = r.pick(world.customers);
        const product = r.pick(v.products);
        const route = world.routes.get(`${partner.index}:${v.index}`);
        const viaDistributor = route && r.chance(0.1) ? r.pick(route).distributor.id : null;
        const assigned = outcome === 'NEW' ? null : created + r.int(1, 48) * HOUR;
        const accepted = outcome === 'ACCEPTED' || outcome === 'LOST' ? assigned! + r.int(1, 70) * HOUR : null;
        const decided =
          outcome === 'DECLINED'
            ? assigned! + r.int(1, 70) * HOUR
            : outcome === 'EXPIRED'
              ? assigned! + WINDOW_HOURS * HOUR
              : outcome === 'LOST'
                ? accepted! + r.int(3, 60) * DAY
                : (accepted ?? created);
        // CREATED, ASSIGNED (and the distributor's pass), then each decision: the version the mutations would leave
        const version = 1 + (assigned === null ? 0 : 1 + (viaDistributor ? 1 : 0)) + (outcome === 'NEW' ? 0 : outcome === 'LOST' ? 2 : 1);
        rows.push([
          world.id('lead', partner.index, month, k),
          v.id,
          `${v.code}-LEAD-${partner.index}-${month}-${k}`,
          customer.name,
          customer.domain,
          ...contact(r, world, customer.domain),
          [product.id],
          product.listPriceMinor * r.int(1, 5),
          v.currency,
          r.pick(SOURCES),
          partner.region,
          outcome,
          outcome === 'NEW' ? null : partner.id,
          outcome === 'NEW' ? null : viaDistributor,
          assigned === null ? null : iso(assigned),
          assigned === null ? null : iso(assigned + WINDOW_HOURS * HOUR),
          accepted === null ? null : iso(accepted),
          outcome === 'DECLINED' ? r.pick(DECLINED) : outcome === 'LOST' ? r.pick(LOST) : null,
          null,
          version,
          iso(created),
          iso(Math.min(decided, world.today)),
        ]);
      }
    }
  }
  return rows;
}

/** What a converted lead needs of its deal: the row large.ts generated. */
export interface ConvertedDeal {
  index: number;
  id: string;
  partnerId: string;
  partnerRegion: string;
  vendorId: string;
  distributorId: string | null;
  customerName: string;
  customerDomain: string;
  amountMinor: number;
  currency: string;
  productIds: string[];
  createdAt: number;
}

/** The lead a deal was converted from, for about CONVERTED_SHARE of the deals; null for the others. */
export function convertedLead(world: LeadWorld, deal: ConvertedDeal): LeadRow | null {
  const r = world.rngFor(21, deal.index);
  if (!r.chance(CONVERTED_SHARE)) return null;
  const acceptHours = r.int(1, 60);
  const passed = deal.distributorId !== null && r.chance(0.3);
  const accepted = deal.createdAt - r.int(1, 10) * DAY;
  const assigned = accepted - acceptHours * HOUR;
  const created = assigned - r.int(1, 48) * HOUR;
  return [
    world.id('lead-converted', deal.index),
    deal.vendorId,
    `CONV-${deal.index}`,
    deal.customerName,
    deal.customerDomain,
    ...contact(r, world, deal.customerDomain),
    deal.productIds,
    deal.amountMinor,
    deal.currency,
    r.pick(SOURCES),
    deal.partnerRegion,
    'CONVERTED',
    deal.partnerId,
    passed ? deal.distributorId : null,
    iso(assigned),
    iso(assigned + WINDOW_HOURS * HOUR),
    iso(accepted),
    null,
    deal.id,
    passed ? 5 : 4,
    iso(created),
    iso(deal.createdAt),
  ];
}
