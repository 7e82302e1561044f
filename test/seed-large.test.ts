import { Client } from 'pg';
import { SUBGRAPHS, type SubgraphName } from '../common/config';
import { openDatabase } from '../common/db';
import { seedLarge } from '../tooling/demo/large';
import { loadSubgraph } from '../subgraphs/registry';
import { createTestDatabase, type TestDatabase } from './support/database';

const DEALS = 2_000;
const PARTNERS = 200;
let db: TestDatabase;
let client: Client;
let first: Record<string, number>;

const one = async <T = Record<string, unknown>>(sql: string): Promise<T> => (await client.query(sql)).rows[0] as T;
const count = async (sql: string): Promise<number> => Number((await one<{ n: string }>(sql)).n);

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
  for (const name of SUBGRAPHS) {
    const module = await loadSubgraph(name);
    await (await openDatabase(module.databaseOptions(db.url))).destroy();
  }
  const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, db.url])) as Record<SubgraphName, string>;
  first = await seedLarge({ urls, deals: DEALS, partners: PARTNERS, batchSize: 700, leadsPerPartnerMonth: 5 });
  client = new Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

test('loads the ecosystem in bulk', async () => {
  expect(first).toMatchObject({ vendors: 20, distributors: 30, partners: PARTNERS, deals: DEALS });
  expect(await count('SELECT count(*) AS n FROM vendor.vendors')).toBe(20);
  expect(await count('SELECT count(*) AS n FROM distributor.distributors')).toBe(30);
  expect(await count('SELECT count(*) AS n FROM partner.partners')).toBe(PARTNERS);
  expect(await count('SELECT count(*) AS n FROM partner.deals')).toBe(DEALS);
  expect(await count('SELECT count(*) AS n FROM partner.deal_lines')).toBe(first.deal_lines);
  expect(await count('SELECT count(*) AS n FROM partner.deal_events')).toBe(first.deal_events);
  // sell-through to match: about one line per two deals
  const sellThrough = await count('SELECT count(*) AS n FROM distributor.sell_through_lines');
  expect(sellThrough).toBeGreaterThan(DEALS * 0.3);
  expect(sellThrough).toBeLessThan(DEALS * 0.8);
  // every vendor has products, a program with tiers, incentives and direct accounts
  for (const table of ['products', 'partner_programs', 'incentives', 'direct_accounts']) {
    expect(await count(`SELECT count(DISTINCT vendor_id) AS n FROM vendor.${table}`)).toBe(20);
  }
  expect(await count('SELECT count(DISTINCT program_id) AS n FROM vendor.program_tiers')).toBe(20);
  expect(await count('SELECT count(*) AS n FROM partner.certifications')).toBeGreaterThan(PARTNERS);
});

test('every partner is enrolled with one to four vendors, every status is present', async () => {
  const { min, max } = await one<{ min: number; max: number }>(
    'SELECT min(n)::int AS min, max(n)::int AS max FROM (SELECT p.id, count(ps.id) AS n FROM partner.partners p LEFT JOIN vendor.partnerships ps ON ps.partner_id = p.id GROUP BY p.id) x',
  );
  expect([min, max]).toEqual([1, expect.any(Number)]);
  expect(max).toBeLessThanOrEqual(4);
  const statuses = (await client.query('SELECT DISTINCT status FROM partner.deals ORDER BY status')).rows.map((r) => r.status);
  expect(statuses).toEqual(['APPROVED', 'EXPIRED', 'LOST', 'REJECTED', 'SUBMITTED', 'WITHDRAWN', 'WON']);
  const { from, to } = await one<{ from: Date; to: Date }>('SELECT min(created_at) AS from, max(created_at) AS to FROM partner.deals');
  expect((to.getTime() - from.getTime()) / 86_400_000).toBeGreaterThan(2.5 * 365);
});

test('histories, versions, protection and final amounts agree with the status', async () => {
  // the chain: null → SUBMITTED first, each from_status the previous to_status, the last to_status the deal's status
  expect(
    await count(`
    SELECT count(*) AS n FROM (
      SELECT e.deal_id, e.from_status, e.to_status, e.at,
        lag(e.to_status) OVER w AS previous, row_number() OVER w AS k, count(*) OVER (PARTITION BY e.deal_id) AS total, d.status, d.version, d.created_at, d.updated_at
      FROM partner.deal_events e JOIN partner.deals d ON d.id = e.deal_id
      WINDOW w AS (PARTITION BY e.deal_id ORDER BY e.at, e.id)
    ) x
    WHERE from_status IS DISTINCT FROM previous
       OR (k = 1 AND (to_status <> 'SUBMITTED' OR at <> created_at))
       OR (k = total AND (to_status <> status OR at <> updated_at OR version <> total))`),
  ).toBe(0);
  expect(await count('SELECT count(*) AS n FROM partner.deals d WHERE NOT EXISTS (SELECT 1 FROM partner.deal_events e WHERE e.deal_id = d.id)')).toBe(
    0,
  );
  // closed_at (what analytics read) is the closing event's time on closed deals, unset on the others
  expect(
    await count(`SELECT count(*) AS n FROM partner.deals d WHERE closed_at IS DISTINCT FROM (
    SELECT max(e.at) FROM partner.deal_events e WHERE e.deal_id = d.id AND e.to_status = d.status AND e.kind = 'STATUS_CHANGE' AND d.status IN ('WON', 'LOST'))`),
  ).toBe(0);
  // a verified WON deal has its verification as a fourth event (and version)
  const expectedLength = `CASE WHEN verified_at IS NOT NULL THEN 4 ELSE CASE status WHEN 'SUBMITTED' THEN 1 WHEN 'APPROVED' THEN 2 WHEN 'REJECTED' THEN 2 WHEN 'WITHDRAWN' THEN 2 ELSE 3 END END`;
  expect(await count(`SELECT count(*) AS n FROM partner.deals WHERE version <> ${expectedLength}`)).toBe(0);
  expect(
    await count(
      `SELECT count(*) AS n FROM partner.deals WHERE (protection_expires_at IS NOT NULL) <> (status IN ('APPROVED', 'WON', 'LOST', 'EXPIRED'))`,
    ),
  ).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM partner.deals WHERE (final_amount_minor IS NOT NULL) <> (status = 'WON')`)).toBe(0);
  // revenue won more than 30 days before the dataset's today is verified at the claim, with its event; the rest is not
  expect(
    await count(`SELECT count(*) AS n FROM partner.deals d WHERE verified_amount_minor IS DISTINCT FROM (
    SELECT e.amount_minor FROM partner.deal_events e WHERE e.deal_id = d.id AND e.kind = 'REVENUE_VERIFIED')`),
  ).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM partner.deals WHERE verified_amount_minor <> final_amount_minor`)).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM partner.deals WHERE status = 'WON' AND verified_amount_minor IS NULL`)).toBeGreaterThan(0);
  expect(await count(`SELECT count(*) AS n FROM partner.deals WHERE status = 'APPROVED' AND protection_expires_at <= created_at`)).toBe(0);
  expect(
    await count(`SELECT count(*) AS n FROM partner.deals d WHERE amount_minor <> (
    SELECT sum(l.quantity * p.list_price_minor) FROM partner.deal_lines l JOIN vendor.products p ON p.id = l.product_id AND p.vendor_id = d.vendor_id WHERE l.deal_id = d.id)`),
  ).toBe(0);
});

test('deals and sell-through follow the scoping: enrolled vendors, distributors that carry the vendor and serve the partner', async () => {
  expect(
    await count(`SELECT count(*) AS n FROM partner.deals d WHERE NOT EXISTS (
    SELECT 1 FROM vendor.partnerships ps WHERE ps.vendor_id = d.vendor_id AND ps.partner_id = d.partner_id AND ps.status = 'ACTIVE')`),
  ).toBe(0);
  const routed = `EXISTS (SELECT 1 FROM distributor.network_memberships m JOIN vendor.distribution_agreements a ON a.distributor_id = m.distributor_id AND a.vendor_id = m.vendor_id
    WHERE m.distributor_id = t.distributor_id AND m.partner_id = t.partner_id AND m.vendor_id = t.vendor_id)`;
  expect(await count(`SELECT count(*) AS n FROM partner.deals t WHERE distributor_id IS NOT NULL AND NOT ${routed}`)).toBe(0);
  expect(await count('SELECT count(*) AS n FROM partner.deals WHERE distributor_id IS NOT NULL')).toBeGreaterThan(DEALS * 0.2);
  expect(await count(`SELECT count(*) AS n FROM distributor.sell_through_lines t WHERE NOT ${routed}`)).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM partner.deals d JOIN vendor.vendors v ON v.id = d.vendor_id WHERE d.currency <> v.currency`)).toBe(0);
});

test('leads: about five per partner a month over three years, in every status, some converted into the deals (linked both ways)', async () => {
  const leads = await count('SELECT count(*) AS n FROM partner.leads');
  expect(leads).toBe(first.leads);
  expect(leads).toBeGreaterThan(PARTNERS * 36 * 5 * 0.85);
  expect(leads).toBeLessThan(PARTNERS * 36 * 5 * 1.1);
  const statuses = (await client.query('SELECT status, count(*)::int AS n FROM partner.leads GROUP BY status ORDER BY status')).rows;
  expect(statuses.map((r) => r.status)).toEqual(['ACCEPTED', 'CONVERTED', 'DECLINED', 'EXPIRED', 'LOST', 'NEW']);
  // realistic proportions: most leads expire or are declined, few are converted
  const share = (status: string) => statuses.find((r) => r.status === status)!.n / leads;
  expect(share('EXPIRED') + share('DECLINED')).toBeGreaterThan(0.4);
  expect(share('CONVERTED')).toBeLessThan(0.1);
  // about 12% of the deals come from a lead, and both sides link each other, same vendor, partner and customer
  const converted = await count('SELECT count(*) AS n FROM partner.deals WHERE lead_id IS NOT NULL');
  expect(converted).toBeGreaterThan(DEALS * 0.08);
  expect(converted).toBeLessThan(DEALS * 0.16);
  expect(converted).toBe(await count(`SELECT count(*) AS n FROM partner.leads WHERE status = 'CONVERTED'`));
  expect(
    await count(`SELECT count(*) AS n FROM partner.deals d JOIN partner.leads l ON l.id = d.lead_id
      WHERE l.deal_id IS DISTINCT FROM d.id OR l.vendor_id <> d.vendor_id OR l.partner_id <> d.partner_id OR l.company_domain <> d.customer_domain
         OR l.accepted_at > d.created_at`),
  ).toBe(0);
  // assigned only within the channel: an ACTIVE partnership, a distributor of the partner's network for that vendor
  expect(
    await count(`SELECT count(*) AS n FROM partner.leads l WHERE l.partner_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM vendor.partnerships ps WHERE ps.vendor_id = l.vendor_id AND ps.partner_id = l.partner_id AND ps.status = 'ACTIVE')`),
  ).toBe(0);
  expect(
    await count(`SELECT count(*) AS n FROM partner.leads l WHERE l.distributor_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM distributor.network_memberships m WHERE m.distributor_id = l.distributor_id AND m.partner_id = l.partner_id AND m.vendor_id = l.vendor_id)`),
  ).toBe(0);
  expect(await count('SELECT count(*) AS n FROM partner.leads WHERE distributor_id IS NOT NULL')).toBeGreaterThan(0);
  // accepted ones within the window; NEW ones not given out (an assigned NEW lead would expire as the clock runs)
  expect(await count(`SELECT count(*) AS n FROM partner.leads WHERE accepted_at > accept_by OR (status = 'NEW' AND assigned_at IS NOT NULL)`)).toBe(
    0,
  );
});

test('a second run adds nothing; a larger one adds only the rest', async () => {
  const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, db.url])) as Record<SubgraphName, string>;
  const again = await seedLarge({ urls, deals: DEALS, partners: PARTNERS, batchSize: 700, leadsPerPartnerMonth: 5 });
  expect(Object.values(again).reduce((a, b) => a + b, 0)).toBe(0);
  const more = await seedLarge({ urls, deals: DEALS + 100, partners: PARTNERS });
  expect(more.deals).toBe(100);
  expect(more.partners).toBe(0);
  expect(await count('SELECT count(*) AS n FROM partner.deals')).toBe(DEALS + 100);
});

test('refuses a bad count', async () => {
  const urls = { vendor: db.url, partner: db.url, distributor: db.url };
  await expect(seedLarge({ urls, deals: 0 })).rejects.toThrow('deals must be a positive integer ≤ 5,000,000');
  await expect(seedLarge({ urls, deals: 1.5 })).rejects.toThrow(RangeError);
});

test('every organization has its ADMIN at user:<slug>; vendors several partner managers, partners several sales reps (DESIGN.md §6)', async () => {
  for (const [schema, organizations] of [
    ['vendor', 'vendors'],
    ['partner', 'partners'],
    ['distributor', 'distributors'],
  ]) {
    const withoutAdmin = await count(
      `SELECT count(*) AS n FROM ${schema}.${organizations} o WHERE NOT EXISTS (SELECT 1 FROM ${schema}.members m
         WHERE m.organization_id = o.id AND m.subject = 'user:' || o.slug AND m.groups = '{ADMIN}' AND m.status = 'ACTIVE')`,
    );
    expect({ schema, withoutAdmin }).toEqual({ schema, withoutAdmin: 0 });
  }
  const fewest = async (schema: string, group: string) =>
    count(`SELECT min(n) AS n FROM (SELECT count(*) AS n FROM ${schema}.members WHERE '${group}' = ANY(groups) GROUP BY organization_id) x`);
  expect(await fewest('vendor', 'PARTNER_MANAGER')).toBeGreaterThanOrEqual(4);
  expect(await fewest('partner', 'SALES')).toBeGreaterThanOrEqual(2);
  expect(await count(`SELECT count(DISTINCT organization_id) AS n FROM partner.members WHERE 'SALES' = ANY(groups)`)).toBe(PARTNERS);
  expect(first.members).toBe(
    await count(
      'SELECT (SELECT count(*) FROM vendor.members) + (SELECT count(*) FROM partner.members) + (SELECT count(*) FROM distributor.members) AS n',
    ),
  );
});

test('every deal is owned by a SALES member of its partner, who registered it; each rep owns some (DESIGN.md §6)', async () => {
  expect(
    await count(`SELECT count(*) AS n FROM partner.deals d WHERE NOT EXISTS (SELECT 1 FROM partner.members m
       WHERE m.organization_id = d.partner_id AND m.subject = d.owner_subject AND 'SALES' = ANY(m.groups))`),
  ).toBe(0);
  expect(
    await count(`SELECT count(*) AS n FROM partner.deals d JOIN partner.deal_events e ON e.deal_id = d.id AND e.from_status IS NULL
       WHERE e.actor_subject <> d.owner_subject`),
  ).toBe(0);
  // the partners with the most deals spread them over all their reps
  const busiest = await one<{ owners: number; reps: number }>(`SELECT partner_id, count(DISTINCT owner_subject)::int AS owners,
       (SELECT count(*)::int FROM partner.members m WHERE m.organization_id = d.partner_id AND 'SALES' = ANY(m.groups)) AS reps
       FROM partner.deals d GROUP BY partner_id ORDER BY count(*) DESC LIMIT 1`);
  expect(busiest.owners).toBe(busiest.reps);
});
