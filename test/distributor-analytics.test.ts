import { ATLAS, BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, REFERRAL_POINT, TESSERA } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { stableId } from '../common/ids';
import { TestData } from './support/builder';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, testConfig } from './support/subgraph';

/**
 * The distributor subgraph's sell-through analytics: the procedure sellThroughTotals (asked by the vendor subgraph for
 * scorecards), Vendor.topDistributors and Distributor.topPartners. The demo's sell-through is replaced by the small
 * dataset below; every expectation is worked out by hand from it.
 *
 * Period Q = 2026-01-01 … 2026-03-31. Lines (distributor, partner, vendor, quantity, amount, currency, sold on):
 *   L1  Tessera  BluePeak  Northwind  2  1000.00 EUR  2026-01-01  (first day of Q)
 *   L2  Tessera  Ionic     Northwind  1   500.00 EUR  2026-03-31  (last day of Q)
 *   L3  Meridian Harbor    Northwind  5  1500.00 EUR  2026-02-10
 *   L4  Aurora   BluePeak  Northwind  3   900.00 EUR  2026-02-11  (Aurora: carried by nobody)
 *   L5  Aurora   Ionic     Northwind  1   100.00 EUR  2026-02-12
 *   L6  Tessera  BluePeak  Northwind  1  9999.99 EUR  2025-12-31  (the day before Q)
 *   L7  Meridian Harbor    Northwind  1  9999.99 EUR  2026-04-01  (the day after Q)
 *   L8  Meridian Harbor    Northwind  4  5000.00 USD  2026-02-01
 *   L9  Tessera  BluePeak  Northwind  1   200.00 USD  2026-03-01
 *   L10 Tessera  Referral  Northwind  2     0.00 EUR  2026-02-15  (no revenue)
 *   L11 Tessera  BluePeak  Atlas      1  7777.00 EUR  2026-02-01
 *   L12 Tessera  Harbor    Atlas      7   500.00 EUR  2026-03-15
 *   L13 Zenith   Referral  Northwind  1     0.00 EUR  2026-02-20  (Zenith: only a zero line)
 *
 * Northwind's distributors in Q, EUR: Meridian 1500.00 (5 units, 1 line) and Tessera 1500.00 (L1+L2+L10: 5 units,
 * 3 lines) tie at rank 1, Meridian first by name; Aurora 1000.00 (4 units, 2 lines) rank 3; Zenith (0.00) not listed.
 * Tessera's partners in Q, EUR: BluePeak 8777.00 (L1+L11: 3 units, 2 lines) rank 1; Harbor and Ionic 500.00 rank 2;
 * Referral (0.00) not listed.
 */
const as = (role: Identity['role'], organizationId: string): Identity => ({
  subject: `user:${role.toLowerCase()}`,
  role,
  organizationId,
  groups: ['ADMIN'],
});
const NORTHWIND_USER = as('VENDOR', NORTHWIND.id);
const ATLAS_USER = as('VENDOR', ATLAS.id);
const TESSERA_USER = as('DISTRIBUTOR', TESSERA.id);
const MERIDIAN_USER = as('DISTRIBUTOR', MERIDIAN.id);
const BLUEPEAK_USER = as('PARTNER', BLUEPEAK.id);
const AURORA = { id: stableId('distributor', 'aurora-trade-test'), slug: 'aurora-trade-test', name: 'Aurora Trade' };
const ZENITH = { id: stableId('distributor', 'zenith-wholesale-test'), slug: 'zenith-wholesale-test', name: 'Zenith Wholesale' };
const Q = { from: '2026-01-01', to: '2026-03-31' };

let db: TestDatabase;
let graphs: Awaited<ReturnType<typeof startSubgraphs>>;
const query = <T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> => graphs.distributor.dataSource.query(sql, params);

beforeAll(async () => {
  db = await createTestDatabase();
  // the vendor subgraph tells which distributors a vendor carries (scope of Distributor for a vendor)
  graphs = await startSubgraphs(['vendor', 'distributor'], db.url);
  await query('DELETE FROM sell_through_lines');
  const data = new TestData(graphs.distributor.dataSource);
  await data.distributor({ id: AURORA.id, slug: AURORA.slug, name: AURORA.name, region: 'APAC', countries: [] });
  await data.distributor({ id: ZENITH.id, slug: ZENITH.slug, name: ZENITH.name, region: 'LATAM', countries: [] });
  const lines: [string, { id: string }, { id: string }, { id: string }, number, number, string, string][] = [
    ['L1', TESSERA, BLUEPEAK, NORTHWIND, 2, 100000, 'EUR', '2026-01-01'],
    ['L2', TESSERA, IONIC, NORTHWIND, 1, 50000, 'EUR', '2026-03-31'],
    ['L3', MERIDIAN, HARBOR, NORTHWIND, 5, 150000, 'EUR', '2026-02-10'],
    ['L4', AURORA, BLUEPEAK, NORTHWIND, 3, 90000, 'EUR', '2026-02-11'],
    ['L5', AURORA, IONIC, NORTHWIND, 1, 10000, 'EUR', '2026-02-12'],
    ['L6', TESSERA, BLUEPEAK, NORTHWIND, 1, 999999, 'EUR', '2025-12-31'],
    ['L7', MERIDIAN, HARBOR, NORTHWIND, 1, 999999, 'EUR', '2026-04-01'],
    ['L8', MERIDIAN, HARBOR, NORTHWIND, 4, 500000, 'USD', '2026-02-01'],
    ['L9', TESSERA, BLUEPEAK, NORTHWIND, 1, 20000, 'USD', '2026-03-01'],
    ['L10', TESSERA, REFERRAL_POINT, NORTHWIND, 2, 0, 'EUR', '2026-02-15'],
    ['L11', TESSERA, BLUEPEAK, ATLAS, 1, 777700, 'EUR', '2026-02-01'],
    ['L12', TESSERA, HARBOR, ATLAS, 7, 50000, 'EUR', '2026-03-15'],
    ['L13', ZENITH, REFERRAL_POINT, NORTHWIND, 1, 0, 'EUR', '2026-02-20'],
  ];
  for (const [reference, d, p, v, quantity, amount, currency, soldOn] of lines) {
    await data.sellThrough({
      distributorId: d.id,
      partnerId: p.id,
      vendorId: v.id,
      productId: stableId('product-test', reference),
      quantity,
      amountMinor: amount,
      currency,
      soldOn,
      externalReference: reference,
    });
  }
});

afterAll(async () => {
  await graphs?.stop();
  await db?.drop();
});

const request = (caller: Identity, text: string, variables: Record<string, unknown> = {}) =>
  subgraphRequest(graphs.distributor.url, text, variables, caller);
const ok = async (caller: Identity, text: string, variables: Record<string, unknown> = {}) => {
  const res = await request(caller, text, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
};

describe('procedure sellThroughTotals', () => {
  async function totals(caller: Identity | null, input: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller) headers[IDENTITY_HEADER] = await signIdentity(caller, testConfig().gatewaySecret);
    const response = await fetch(new URL('/internal/sellThroughTotals', graphs.distributor.url), {
      method: 'POST',
      headers,
      body: JSON.stringify(input),
    });
    return { status: response.status, body: await response.json() };
  }
  const NAMED = [BLUEPEAK.id, HARBOR.id, IONIC.id, REFERRAL_POINT.id];

  it('a vendor: per (vendor, partner), per currency, the lines sold in the period by any distributor', async () => {
    const answer = await totals(NORTHWIND_USER, { vendorIds: [NORTHWIND.id], partnerIds: [...NAMED, 'not-an-id'], ...Q });
    expect(answer).toEqual({
      status: 200,
      body: {
        [`${NORTHWIND.id}:${BLUEPEAK.id}`]: { EUR: '190000', USD: '20000' }, // L1 + L4, L9
        [`${NORTHWIND.id}:${HARBOR.id}`]: { EUR: '150000', USD: '500000' }, // L3, L8
        [`${NORTHWIND.id}:${IONIC.id}`]: { EUR: '60000' }, // L2 + L5
        [`${NORTHWIND.id}:${REFERRAL_POINT.id}`]: { EUR: '0' }, // L10 + L13: lines, no revenue
      },
    });
    // only the partners asked about; ids in any case
    expect((await totals(NORTHWIND_USER, { vendorIds: [NORTHWIND.id.toUpperCase()], partnerIds: [IONIC.id.toUpperCase()], ...Q })).body).toEqual({
      [`${NORTHWIND.id}:${IONIC.id}`]: { EUR: '60000' },
    });
  });

  it('the period is inclusive of both days; an empty period or one that ends before it starts answers nothing', async () => {
    const day = (from: string, to = from) => totals(NORTHWIND_USER, { vendorIds: [NORTHWIND.id], partnerIds: NAMED, from, to }).then((r) => r.body);
    expect(await day('2026-01-01')).toEqual({ [`${NORTHWIND.id}:${BLUEPEAK.id}`]: { EUR: '100000' } });
    expect(await day('2025-12-31')).toEqual({ [`${NORTHWIND.id}:${BLUEPEAK.id}`]: { EUR: '999999' } });
    expect(await day('2026-03-31', '2026-04-01')).toEqual({
      [`${NORTHWIND.id}:${IONIC.id}`]: { EUR: '50000' },
      [`${NORTHWIND.id}:${HARBOR.id}`]: { EUR: '999999' },
    });
    expect(await day('2024-01-01', '2024-12-31')).toEqual({});
    expect(await day('2026-03-31', '2026-01-01')).toEqual({});
  });

  it('a partner: about itself, for the vendors it names', async () => {
    expect((await totals(BLUEPEAK_USER, { vendorIds: [NORTHWIND.id, ATLAS.id], partnerIds: [BLUEPEAK.id], ...Q })).body).toEqual({
      [`${NORTHWIND.id}:${BLUEPEAK.id}`]: { EUR: '190000', USD: '20000' },
      [`${ATLAS.id}:${BLUEPEAK.id}`]: { EUR: '777700' },
    });
  });

  it('answers only about the caller: other organizations, other roles and unusable ids learn nothing ({})', async () => {
    const cases: [Identity, unknown][] = [
      [NORTHWIND_USER, { vendorIds: [ATLAS.id], partnerIds: NAMED, ...Q }],
      [NORTHWIND_USER, { vendorIds: [NORTHWIND.id, ATLAS.id], partnerIds: NAMED, ...Q }],
      [NORTHWIND_USER, { vendorIds: [], partnerIds: NAMED, ...Q }],
      [NORTHWIND_USER, { vendorIds: [NORTHWIND.id], partnerIds: [], ...Q }],
      [BLUEPEAK_USER, { vendorIds: [NORTHWIND.id], partnerIds: [BLUEPEAK.id, HARBOR.id], ...Q }],
      [BLUEPEAK_USER, { vendorIds: [NORTHWIND.id], partnerIds: [HARBOR.id], ...Q }],
      [TESSERA_USER, { vendorIds: [NORTHWIND.id], partnerIds: [TESSERA.id], ...Q }],
      [TESSERA_USER, { vendorIds: [TESSERA.id], partnerIds: NAMED, ...Q }],
      [as('VENDOR', 'not-an-id'), { vendorIds: ['not-an-id'], partnerIds: NAMED, ...Q }],
    ];
    for (const [caller, input] of cases) expect(await totals(caller, input)).toEqual({ status: 200, body: {} });
  });

  it('a request the contract does not read (not calendar dates, lists over 5000 ids, no list) is refused (400); unsigned calls too (401)', async () => {
    const base = { vendorIds: [NORTHWIND.id], partnerIds: NAMED, ...Q };
    const malformed: [Record<string, unknown>, string][] = [
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '2026-13-01' }, 'to'],
      [{ from: null }, 'from'],
      [{ to: '31.03.2026' }, 'to'],
      [{ partnerIds: 'all' }, 'partnerIds'],
      [{ partnerIds: [BLUEPEAK.id, 42] }, 'partnerIds.1'],
      [{ vendorIds: undefined }, 'vendorIds'],
      [{ partnerIds: Array.from({ length: 5001 }, () => BLUEPEAK.id) }, 'partnerIds'],
    ];
    for (const [bad, where] of malformed) {
      const { status, body } = await totals(NORTHWIND_USER, { ...base, ...bad });
      expect(status).toBe(400);
      expect(body.error).toContain(`sellThroughTotals: the request is not what this procedure reads: ${where}: `);
    }
    expect((await totals(NORTHWIND_USER, { ...base, partnerIds: [...Array.from({ length: 4999 }, () => BLUEPEAK.id), IONIC.id] })).body).toEqual({
      [`${NORTHWIND.id}:${BLUEPEAK.id}`]: { EUR: '190000', USD: '20000' },
      [`${NORTHWIND.id}:${IONIC.id}`]: { EUR: '60000' },
    });
    expect((await totals(null, base)).status).toBe(401);
  });
});

const RANKING = 'rank revenue { amount currency } units lines';
const TOP_DISTRIBUTORS = `query ($reps: [_Any!]!, $period: PeriodInput!, $currency: String!, $limit: Int) {
  _entities(representations: $reps) { ... on Vendor { id topDistributors(period: $period, currency: $currency, limit: $limit) { ${RANKING} distributor { id slug } } } } }`;
const TOP_PARTNERS = `query ($id: ID!, $period: PeriodInput!, $currency: String!, $limit: Int) {
  distributor(id: $id) { id topPartners(period: $period, currency: $currency, limit: $limit) { ${RANKING} partner { id } } } }`;
const vendorRep = (vendor: { id: string }) => [{ __typename: 'Vendor', id: vendor.id }];
const money = (amount: string, currency = 'EUR') => ({ amount, currency });

describe('Vendor.topDistributors', () => {
  const top = async (caller: Identity, vendor: { id: string }, variables: Record<string, unknown>) =>
    (await ok(caller, TOP_DISTRIBUTORS, { reps: vendorRep(vendor), period: Q, currency: 'EUR', ...variables }))._entities[0];

  it("ranks the distributors of the vendor's sell-through by revenue in the currency: ties share a rank (1, 1, 3), by name", async () => {
    expect(await top(NORTHWIND_USER, NORTHWIND, {})).toEqual({
      id: NORTHWIND.id,
      topDistributors: [
        { rank: 1, revenue: money('1500.00'), units: 5, lines: 1, distributor: { id: MERIDIAN.id, slug: MERIDIAN.slug } },
        { rank: 1, revenue: money('1500.00'), units: 5, lines: 3, distributor: { id: TESSERA.id, slug: TESSERA.slug } },
        // Aurora does not carry Northwind: its sales are the vendor's, the distributor itself is out of its scope
        { rank: 3, revenue: money('1000.00'), units: 4, lines: 2, distributor: null },
      ],
    });
  });

  it('limit cuts the list after the ranking; another currency counts only its lines', async () => {
    expect((await top(NORTHWIND_USER, NORTHWIND, { limit: 1 })).topDistributors).toEqual([
      { rank: 1, revenue: money('1500.00'), units: 5, lines: 1, distributor: { id: MERIDIAN.id, slug: MERIDIAN.slug } },
    ]);
    expect((await top(NORTHWIND_USER, NORTHWIND, { limit: 3 })).topDistributors.map((r: any) => r.rank)).toEqual([1, 1, 3]);
    expect((await top(NORTHWIND_USER, NORTHWIND, { currency: 'USD' })).topDistributors).toEqual([
      { rank: 1, revenue: money('5000.00', 'USD'), units: 4, lines: 1, distributor: { id: MERIDIAN.id, slug: MERIDIAN.slug } },
      { rank: 2, revenue: money('200.00', 'USD'), units: 1, lines: 1, distributor: { id: TESSERA.id, slug: TESSERA.slug } },
    ]);
    expect((await top(ATLAS_USER, ATLAS, {})).topDistributors).toEqual([
      { rank: 1, revenue: money('8277.00'), units: 8, lines: 2, distributor: { id: TESSERA.id, slug: TESSERA.slug } },
    ]);
  });

  it('one SQL statement per ranking (and one for the distributors it names), whatever the list holds', async () => {
    graphs.distributor.sql.reset();
    await top(NORTHWIND_USER, NORTHWIND, {});
    expect(graphs.distributor.sql.statements.filter((sql) => sql.includes('rank()'))).toHaveLength(1);
    expect(graphs.distributor.sql.count).toBe(2);
  });

  it('an empty period, or a currency nobody sold in, is an empty list', async () => {
    expect((await top(NORTHWIND_USER, NORTHWIND, { period: { from: '2024-01-01', to: '2024-12-31' } })).topDistributors).toEqual([]);
    expect((await top(NORTHWIND_USER, NORTHWIND, { currency: 'JPY' })).topDistributors).toEqual([]);
    // one day: only L1 (the day before and after are outside)
    expect((await top(NORTHWIND_USER, NORTHWIND, { period: { from: '2026-01-01', to: '2026-01-01' } })).topDistributors).toEqual([
      { rank: 1, revenue: money('1000.00'), units: 2, lines: 1, distributor: { id: TESSERA.id, slug: TESSERA.slug } },
    ]);
  });

  it("another vendor's ranking is null; a partner or a distributor asking → FORBIDDEN", async () => {
    expect(await top(NORTHWIND_USER, ATLAS, {})).toEqual({ id: ATLAS.id, topDistributors: null });
    for (const caller of [BLUEPEAK_USER, TESSERA_USER]) {
      const res = await request(caller, TOP_DISTRIBUTORS, { reps: vendorRep(NORTHWIND), period: Q, currency: 'EUR' });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(res.data?._entities[0].topDistributors).toBeNull();
    }
  });
});

describe('Distributor.topPartners', () => {
  const top = async (caller: Identity, distributor: { id: string }, variables: Record<string, unknown>) =>
    (await ok(caller, TOP_PARTNERS, { id: distributor.id, period: Q, currency: 'EUR', ...variables })).distributor;
  const [firstTied, secondTied] = [HARBOR.id, IONIC.id].sort();

  it("ranks the partners of the distributor's sell-through (all vendor lines) by revenue; ties share a rank, by partner id", async () => {
    expect(await top(TESSERA_USER, TESSERA, {})).toEqual({
      id: TESSERA.id,
      topPartners: [
        { rank: 1, revenue: money('8777.00'), units: 3, lines: 2, partner: { id: BLUEPEAK.id } },
        { rank: 2, revenue: money('500.00'), units: firstTied === HARBOR.id ? 7 : 1, lines: 1, partner: { id: firstTied } },
        { rank: 2, revenue: money('500.00'), units: secondTied === HARBOR.id ? 7 : 1, lines: 1, partner: { id: secondTied } },
      ],
    });
    expect((await top(TESSERA_USER, TESSERA, { limit: 2 })).topPartners.map((r: any) => [r.rank, r.partner.id])).toEqual([
      [1, BLUEPEAK.id],
      [2, firstTied],
    ]);
    expect((await top(TESSERA_USER, TESSERA, { currency: 'USD' })).topPartners).toEqual([
      { rank: 1, revenue: money('200.00', 'USD'), units: 1, lines: 1, partner: { id: BLUEPEAK.id } },
    ]);
    expect((await top(MERIDIAN_USER, MERIDIAN, {})).topPartners).toEqual([
      { rank: 1, revenue: money('1500.00'), units: 5, lines: 1, partner: { id: HARBOR.id } },
    ]);
  });

  it('an empty period is an empty list; one ranking statement (after the one that finds the distributor)', async () => {
    graphs.distributor.sql.reset();
    expect((await top(TESSERA_USER, TESSERA, { period: { from: '2026-06-01', to: '2026-06-30' } })).topPartners).toEqual([]);
    expect(graphs.distributor.sql.statements.filter((sql) => sql.includes('rank()'))).toHaveLength(1);
    expect(graphs.distributor.sql.count).toBe(2);
  });

  it("only the distributor itself: a vendor that carries it sees the distributor, not its ranking; another distributor's is null", async () => {
    expect(await top(NORTHWIND_USER, TESSERA, {})).toEqual({ id: TESSERA.id, topPartners: null });
    const entities = await ok(
      MERIDIAN_USER,
      `query ($reps: [_Any!]!, $period: PeriodInput!) { _entities(representations: $reps) { ... on Distributor { id topPartners(period: $period, currency: "EUR") { rank } } } }`,
      {
        reps: [{ __typename: 'Distributor', id: TESSERA.id }],
        period: Q,
      },
    );
    expect(entities._entities).toEqual([null]); // Tessera does not exist for Meridian
  });
});

describe('ranking input', () => {
  it.each([
    ['from after to', { period: { from: '2026-03-31', to: '2026-01-01' } }, 'period'],
    ['longer than 10 years', { period: { from: '2016-01-01', to: '2026-01-01' } }, 'period'],
    ['year 0', { period: { from: '0000-12-31', to: '2026-01-01' } }, 'period.from'],
    ['a currency that is not ISO 4217', { currency: 'euro' }, 'currency'],
    ['lower-case currency', { currency: 'eur' }, 'currency'],
    ['limit 0', { limit: 0 }, 'limit'],
    ['limit 101', { limit: 101 }, 'limit'],
  ])('%s → BAD_USER_INPUT', async (_name, change, field) => {
    const variables = { period: Q, currency: 'EUR', ...change };
    for (const [caller, text, extra] of [
      [NORTHWIND_USER, TOP_DISTRIBUTORS, { reps: vendorRep(NORTHWIND) }],
      [TESSERA_USER, TOP_PARTNERS, { id: TESSERA.id }],
    ] as const) {
      const res = await request(caller, text, { ...extra, ...variables });
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
    }
  });

  it('exactly 10 years, limit 1 and 100 are accepted', async () => {
    const res = await ok(NORTHWIND_USER, TOP_DISTRIBUTORS, {
      reps: vendorRep(NORTHWIND),
      period: { from: '2016-01-01', to: '2025-12-31' },
      currency: 'EUR',
      limit: 100,
    });
    expect(res._entities[0].topDistributors.map((r: any) => [r.rank, r.revenue.amount])).toEqual([[1, '9999.99']]); // L6 only, on the last day
    const one = await ok(NORTHWIND_USER, TOP_DISTRIBUTORS, { reps: vendorRep(NORTHWIND), period: Q, currency: 'EUR', limit: 1 });
    expect(one._entities[0].topDistributors).toHaveLength(1);
  });
});
