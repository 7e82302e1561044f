import { randomUUID } from 'node:crypto';
import { ATLAS, BLUEPEAK, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { TestData } from './support/builder';
import { pinToday } from './support/clock';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, testConfig, type GraphQLResponse, type RunningSubgraph } from './support/subgraph';

/**
 * The partner subgraph's analytics: the procedures partnerPerformance, partnerProfile and partnerSourcedRevenue
 * (asked by the vendor subgraph), and Vendor.topPartners. The dataset is our own: six partners of our own, deals of
 * Northwind (and one of Atlas) closed in and around March 2001, long before the demo's deals (2026), so no demo row
 * is counted. Every expectation below is worked out by hand from this table:
 *
 * | partner (id order reversed) | Northwind deals closed in March 2001                      | won | lost | win rate |
 * |-----------------------------|-----------------------------------------------------------|-----|------|----------|
 * | Alder   (enrolled)          | WON EUR 1000.00 (03-01 00:00Z, P1), WON EUR 500.00 (P2),   |  3  |  1   | 0.7500   |
 * |                             | WON USD 700.00 (03-31 23:59:59.999Z, P1), LOST (P3);       |     |      |          |
 * |                             | outside: WON 02-28 23:59:59.999Z, WON 04-01 00:00Z; one APPROVED                 |
 * | Birch   (enrolled)          | WON EUR 1500.00 (P3), LOST, LOST                           |  1  |  2   | 0.3333   |
 * | Cedar   (enrolled)          | WON USD 50.00 (P2), LOST, LOST                             |  1  |  2   | 0.3333   |
 * | Dogwood (enrolled)          | WON EUR 300.00, WON USD 100.00; and Atlas: WON EUR 5000.00 |  2  |  0   | 1.0000   |
 * | Elm     (enrolled)          | WON EUR 1.00, 31 LOST                                      |  1  |  31  | 0.0313 (1/32 = 0.03125, half-up) |
 * | Fir     (not enrolled)      | LOST                                                       |  0  |  1   | 0.0000   |
 */
const eco = demoEcosystem();
const [P1, P2, P3] = eco.products
  .filter((p) => p.vendorId === NORTHWIND.id)
  .map((p) => p.id)
  .slice(0, 3);
const NW = NORTHWIND.id;
const AT = ATLAS.id;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Ids in the reverse order of names, so that "ties by name" cannot pass by ordering on ids. */
const partnerId = (n: number) => `00000000-0000-4000-8000-0000000000a${n}`;
const ALDER = { id: partnerId(6), slug: 'alder-analytics', name: 'Alder Analytics' };
const BIRCH = { id: partnerId(5), slug: 'birch-analytics', name: 'Birch Analytics' };
const CEDAR = { id: partnerId(4), slug: 'cedar-analytics', name: 'Cedar Analytics' };
const DOGWOOD = { id: partnerId(3), slug: 'dogwood-analytics', name: 'Dogwood Analytics' };
const ELM = { id: partnerId(2), slug: 'elm-analytics', name: 'Elm Analytics' };
const FIR = { id: partnerId(1), slug: 'fir-analytics', name: 'Fir Analytics' };
const OURS = [ALDER, BIRCH, CEDAR, DOGWOOD, ELM, FIR];

const MARCH = { from: '2001-03-01', to: '2001-03-31' };
const MAY = { from: '2001-05-01', to: '2001-05-31' };
// a certification expiring today is still valid: the services read the same pinned clock as this file
const today = pinToday();

let db: TestDatabase;
let running: Record<'vendor' | 'partner', RunningSubgraph> & { stop(): Promise<void> };
const sql = <T = any>(text: string, params: unknown[] = []): Promise<T[]> => running.partner.dataSource.query(text, params);
let data: TestData;

/** A closed (or approved) deal with its closing event at `at` and its product lines. */
async function deal(
  partner: { id: string },
  vendorId: string,
  status: 'WON' | 'LOST' | 'APPROVED',
  at: string,
  currency = 'EUR',
  finalMinor: number | null = null,
  products: string[] = [],
) {
  const id = randomUUID();
  await data.deal({
    id,
    partnerId: partner.id,
    vendorId,
    customerName: 'Customer',
    customerDomain: `c${id.slice(0, 8)}.example`,
    amountMinor: 100000,
    finalAmountMinor: finalMinor,
    currency,
    expectedCloseDate: '2001-06-30',
    status,
    createdAt: '2001-01-01T00:00:00Z',
    updatedAt: '2001-01-01T00:00:00Z',
  });
  const event = (fromStatus: string | null, toStatus: string, actorRole: string, actorOrganizationId: string, when: string) =>
    data.dealEvent({ dealId: id, fromStatus, toStatus, actorSubject: 'user:test', actorRole, actorOrganizationId, at: when });
  await event(null, 'SUBMITTED', 'PARTNER', partner.id, '2001-01-01T00:00:00Z');
  await event('SUBMITTED', 'APPROVED', 'VENDOR', vendorId, '2001-01-02T00:00:00Z');
  if (status !== 'APPROVED') await event('APPROVED', status, 'VENDOR', vendorId, at);
  // verified by the vendor at the claim: every figure here is verified revenue (unverified claims: verified-revenue.test.ts)
  if (status === 'WON') await data.verification({ dealId: id, amountMinor: finalMinor!, actorRole: 'VENDOR', actorOrganizationId: vendorId, at });
  for (const [position, productId] of products.entries()) await data.dealLine({ dealId: id, productId, quantity: 1, position });
}

beforeAll(async () => {
  db = await createTestDatabase();
  running = await startSubgraphs(['vendor', 'partner'], db.url);
  data = new TestData(running.partner.dataSource);
  for (const p of OURS) {
    await data.partner({
      id: p.id,
      slug: p.slug,
      name: p.name,
      partnerTypes: p === ALDER ? ['VAR', 'MSP'] : ['VAR'],
      salesMotion: 'SELL_THROUGH',
      region: 'EMEA',
      country: 'DE',
    });
  }
  // enrolled with Northwind (its partner scope): all but Fir
  const [program] = await sql<{ id: string }>('SELECT id FROM vendor.partner_programs WHERE vendor_id = $1 ORDER BY id LIMIT 1', [NW]);
  for (const p of [ALDER, BIRCH, CEDAR, DOGWOOD, ELM]) {
    await data.partnership({ vendorId: NW, partnerId: p.id, programId: program.id, status: 'ACTIVE', salesMotion: 'SELL_THROUGH', currency: 'USD' });
  }

  await deal(ALDER, NW, 'WON', '2001-03-01T00:00:00.000Z', 'EUR', 100000, [P1]);
  await deal(ALDER, NW, 'WON', '2001-03-15T12:00:00.000Z', 'EUR', 50000, [P2, P1]);
  await deal(ALDER, NW, 'WON', '2001-03-31T23:59:59.999Z', 'USD', 70000, [P1]);
  await deal(ALDER, NW, 'LOST', '2001-03-20T08:00:00.000Z', 'EUR', null, [P3]);
  await deal(ALDER, NW, 'WON', '2001-02-28T23:59:59.999Z', 'EUR', 888800, [P3]);
  await deal(ALDER, NW, 'WON', '2001-04-01T00:00:00.000Z', 'EUR', 999900, [P3]);
  await deal(ALDER, NW, 'APPROVED', '', 'EUR', null, [P3]);

  await deal(BIRCH, NW, 'WON', '2001-03-10T10:00:00.000Z', 'EUR', 150000, [P3]);
  await deal(BIRCH, NW, 'LOST', '2001-03-11T10:00:00.000Z');
  await deal(BIRCH, NW, 'LOST', '2001-03-12T10:00:00.000Z');

  await deal(CEDAR, NW, 'WON', '2001-03-05T10:00:00.000Z', 'USD', 5000, [P2]);
  await deal(CEDAR, NW, 'LOST', '2001-03-06T10:00:00.000Z', 'USD', null, [P1]);
  await deal(CEDAR, NW, 'LOST', '2001-03-07T10:00:00.000Z', 'USD');

  await deal(DOGWOOD, NW, 'WON', '2001-03-20T10:00:00.000Z', 'EUR', 30000);
  await deal(DOGWOOD, NW, 'WON', '2001-03-21T10:00:00.000Z', 'USD', 10000);
  await deal(DOGWOOD, AT, 'WON', '2001-03-22T10:00:00.000Z', 'EUR', 500000);

  await deal(ELM, NW, 'WON', '2001-03-02T10:00:00.000Z', 'EUR', 100);
  for (let i = 0; i < 31; i++) await deal(ELM, NW, 'LOST', `2001-03-${String(2 + (i % 27)).padStart(2, '0')}T10:00:00.000Z`);

  await deal(FIR, NW, 'LOST', '2001-03-03T10:00:00.000Z');

  // certifications: active = no expiry, or expiring today or later (UTC)
  const cert = (partner: { id: string }, code: string, holderName: string, expiresOn: string | null) =>
    data.certification({ partnerId: partner.id, code, name: code, holderName, earnedOn: '2000-01-01', expiresOn });
  await cert(ALDER, 'CLOUD-ARCH', 'Ann', null);
  await cert(ALDER, 'CLOUD-ARCH', 'Bob', '2001-01-01');
  await cert(ALDER, 'SEC-PRO', 'Ann', '2001-12-31');
  await cert(ALDER, 'DATA-ENG', 'Cid', today);
  await cert(ALDER, 'NET-ADMIN', 'Dee', '2999-01-01');
  await cert(BIRCH, 'SEC-PRO', 'Eve', '2001-12-31');
  // named for a vendor: counted for that vendor only, once it verified them
  const recorded = (code: string, holderName: string, vendorId: string, verifiedAt: string | null) =>
    data.certification({ partnerId: ALDER.id, code, name: code, holderName, earnedOn: '2000-01-01', vendorId, verifiedAt });
  await recorded('NW-PRO', 'Ann', NW, '2000-02-01T00:00:00Z');
  await recorded('NW-PRO', 'Bob', NW, null); // verified for Ann: the code counts, nothing is left unverified
  await recorded('NW-NEW', 'Bob', NW, null);
  await recorded('AT-PRO', 'Cid', AT, '2000-02-01T00:00:00Z');
});

afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

const as = (role: Identity['role'], organizationId: string): Identity => ({ subject: 'user:analytics', role, organizationId, groups: ['ADMIN'] });
const NW_V = as('VENDOR', NW);
const AT_V = as('VENDOR', AT);

/** Calls a partner procedure as a peer would, with the caller's gateway-signed identity. */
async function procedure<T = any>(name: string, input: unknown, who: Identity | null): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers[IDENTITY_HEADER] = await signIdentity(who, testConfig().gatewaySecret);
  const response = await fetch(new URL(`/internal/${name}`, running.partner.url), { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: response.status, body: (await response.json()) as T };
}
const answer = async (name: string, input: unknown, who: Identity) => {
  const { status, body } = await procedure(name, input, who);
  expect(status).toBe(200);
  return body;
};

describe('procedure partnerPerformance', () => {
  const key = (vendorId: string, partner: { id: string }) => `${vendorId}:${partner.id}`;
  const all = [...OURS.map((p) => p.id), UNKNOWN, 'not-an-id'];

  it('answers a vendor per partner with closed deals in the period: won revenue per currency, won, lost, products sold', async () => {
    expect(await answer('partnerPerformance', { vendorIds: [NW], partnerIds: all, ...MARCH }, NW_V)).toEqual({
      [key(NW, ALDER)]: {
        wonRevenue: { EUR: '150000', USD: '70000' },
        unverifiedRevenue: {},
        wonDeals: 3,
        lostDeals: 1,
        soldProductIds: [P1, P2].sort(),
      },
      [key(NW, BIRCH)]: { wonRevenue: { EUR: '150000' }, unverifiedRevenue: {}, wonDeals: 1, lostDeals: 2, soldProductIds: [P3] },
      [key(NW, CEDAR)]: { wonRevenue: { USD: '5000' }, unverifiedRevenue: {}, wonDeals: 1, lostDeals: 2, soldProductIds: [P2] },
      [key(NW, DOGWOOD)]: { wonRevenue: { EUR: '30000', USD: '10000' }, unverifiedRevenue: {}, wonDeals: 2, lostDeals: 0, soldProductIds: [] },
      [key(NW, ELM)]: { wonRevenue: { EUR: '100' }, unverifiedRevenue: {}, wonDeals: 1, lostDeals: 31, soldProductIds: [] },
      [key(NW, FIR)]: { wonRevenue: {}, unverifiedRevenue: {}, wonDeals: 0, lostDeals: 1, soldProductIds: [] },
    });
  });

  it('counts closings on the first and last day of the period, UTC, and only those', async () => {
    expect(await answer('partnerPerformance', { vendorIds: [NW], partnerIds: [ALDER.id], from: '2001-03-01', to: '2001-03-01' }, NW_V)).toEqual({
      [key(NW, ALDER)]: { wonRevenue: { EUR: '100000' }, unverifiedRevenue: {}, wonDeals: 1, lostDeals: 0, soldProductIds: [P1] },
    });
    expect(await answer('partnerPerformance', { vendorIds: [NW], partnerIds: [ALDER.id], from: '2001-02-28', to: '2001-02-28' }, NW_V)).toEqual({
      [key(NW, ALDER)]: { wonRevenue: { EUR: '888800' }, unverifiedRevenue: {}, wonDeals: 1, lostDeals: 0, soldProductIds: [P3] },
    });
    expect(await answer('partnerPerformance', { vendorIds: [NW], partnerIds: [ALDER.id], from: '2001-03-31', to: '2001-04-01' }, NW_V)).toEqual({
      [key(NW, ALDER)]: {
        wonRevenue: { EUR: '999900', USD: '70000' },
        unverifiedRevenue: {},
        wonDeals: 2,
        lostDeals: 0,
        soldProductIds: [P1, P3].sort(),
      },
    });
    // an empty period: zeros (no pair), never an error
    expect(await answer('partnerPerformance', { vendorIds: [NW], partnerIds: all, ...MAY }, NW_V)).toEqual({});
  });

  it('answers a partner about itself, with any vendors', async () => {
    expect(
      await answer(
        'partnerPerformance',
        { vendorIds: [NW, AT.toUpperCase(), UNKNOWN], partnerIds: [DOGWOOD.id], ...MARCH },
        as('PARTNER', DOGWOOD.id),
      ),
    ).toEqual({
      [key(NW, DOGWOOD)]: { wonRevenue: { EUR: '30000', USD: '10000' }, unverifiedRevenue: {}, wonDeals: 2, lostDeals: 0, soldProductIds: [] },
      [key(AT, DOGWOOD)]: { wonRevenue: { EUR: '500000' }, unverifiedRevenue: {}, wonDeals: 1, lostDeals: 0, soldProductIds: [] },
    });
  });

  it('answers {} to anyone asking beyond itself, to other roles, and for an empty period', async () => {
    const refused: [unknown, Identity][] = [
      [{ vendorIds: [NW, AT], partnerIds: [DOGWOOD.id], ...MARCH }, NW_V], // a vendor about another vendor too
      [{ vendorIds: [AT], partnerIds: [DOGWOOD.id], ...MARCH }, NW_V],
      [{ vendorIds: [NW], partnerIds: [DOGWOOD.id, ALDER.id], ...MARCH }, as('PARTNER', DOGWOOD.id)], // a partner about another partner too
      [{ vendorIds: [NW], partnerIds: [ALDER.id], ...MARCH }, as('PARTNER', DOGWOOD.id)],
      [{ vendorIds: [NW], partnerIds: [ALDER.id], ...MARCH }, as('DISTRIBUTOR', TESSERA.id)],
      [{ vendorIds: [NW], partnerIds: [ALDER.id], from: '2001-03-31', to: '2001-03-01' }, NW_V], // from after to
      [{ vendorIds: [NW, 'not-an-id'], partnerIds: [ALDER.id], ...MARCH }, NW_V], // not exactly itself
    ];
    for (const [input, who] of refused) expect(await answer('partnerPerformance', input, who)).toEqual({});
    // 5000 ids are fine
    expect(
      Object.keys(
        await answer(
          'partnerPerformance',
          { vendorIds: [NW], partnerIds: [...Array.from({ length: 4999 }, () => randomUUID()), ALDER.id], ...MARCH },
          NW_V,
        ),
      ),
    ).toEqual([key(NW, ALDER)]);
  });

  it('refuses a request the contract does not read (400), naming what is wrong', async () => {
    const malformed: [unknown, string][] = [
      [{ vendorIds: [NW], partnerIds: [ALDER.id], from: '2001-02-30', to: '2001-03-31' }, 'from'], // not a date
      [{ vendorIds: [NW], partnerIds: [ALDER.id], from: '2001-03-01' }, 'to'],
      [{ vendorIds: [NW], partnerIds: [ALDER.id], from: '0000-01-01', to: '2001-03-31' }, 'from'], // year 0 is no PostgreSQL date
      [{ vendorIds: NW, partnerIds: [ALDER.id], ...MARCH }, 'vendorIds'],
      [{ vendorIds: [NW], partnerIds: [ALDER.id, 42], ...MARCH }, 'partnerIds.1'],
      [{ vendorIds: [NW], partnerIds: Array.from({ length: 5001 }, () => ALDER.id), ...MARCH }, 'partnerIds'], // more than 5000 ids
      [null, '(the body)'],
      [[NW], '(the body)'],
    ];
    for (const [input, where] of malformed) {
      const { status, body } = await procedure<{ error: string }>('partnerPerformance', input, NW_V);
      expect(status).toBe(400);
      expect(body.error).toContain(`partnerPerformance: the request is not what this procedure reads: ${where}: `);
    }
  });

  it('refuses a caller without the gateway signature', async () => {
    expect((await procedure('partnerPerformance', { vendorIds: [NW], partnerIds: [ALDER.id], ...MARCH }, null)).status).toBe(401);
  });
});

describe('procedure partnerProfile', () => {
  const legacy = ['CLOUD-ARCH', 'DATA-ENG', 'NET-ADMIN']; // held before certifications named a vendor: every vendor's
  const profile = { types: ['VAR', 'MSP'], region: 'EMEA', country: 'DE' };
  const alderFor = {
    [NW]: { verified: [...legacy, 'NW-PRO'], unverified: ['NW-NEW'] },
    [AT]: { verified: ['AT-PRO', ...legacy], unverified: [] },
  };
  const fir = { types: ['VAR'], region: 'EMEA', country: 'DE' };
  const none = { verified: [], unverified: [] };

  it('answers a vendor for any given partner, enrolled or not, with its own certifications valid today: verified, and recorded only', async () => {
    expect(
      await answer(
        'partnerProfile',
        { partnerIds: [ALDER.id.toUpperCase(), FIR.id, BIRCH.id, UNKNOWN, 'not-an-id'], vendorIds: [NW.toUpperCase()] },
        NW_V,
      ),
    ).toEqual({
      [ALDER.id]: { ...profile, certifications: { [NW]: alderFor[NW] } },
      [FIR.id]: { ...fir, certifications: { [NW]: none } },
      [BIRCH.id]: { ...fir, certifications: { [NW]: none } }, // its only certification expired
    });
  });

  it("tells a vendor nothing of a partner's certifications for other vendors", async () => {
    for (const vendorIds of [[AT], [NW, AT], []])
      expect(await answer('partnerProfile', { partnerIds: [ALDER.id], vendorIds }, NW_V)).toEqual({ [ALDER.id]: { ...profile, certifications: {} } });
  });

  it('answers a partner only about itself (its certifications for any vendor), a distributor nothing; refuses a request it cannot read (400)', async () => {
    expect(await answer('partnerProfile', { partnerIds: [ALDER.id, BIRCH.id], vendorIds: [NW, AT] }, as('PARTNER', ALDER.id))).toEqual({
      [ALDER.id]: { ...profile, certifications: alderFor },
    });
    expect(await answer('partnerProfile', { partnerIds: [BIRCH.id], vendorIds: [NW] }, as('PARTNER', ALDER.id))).toEqual({});
    expect(await answer('partnerProfile', { partnerIds: [ALDER.id], vendorIds: [NW] }, as('DISTRIBUTOR', TESSERA.id))).toEqual({});
    expect(await answer('partnerProfile', { partnerIds: [], vendorIds: [NW] }, NW_V)).toEqual({});
    for (const input of [
      { partnerIds: ALDER.id, vendorIds: [] },
      { partnerIds: Array.from({ length: 5001 }, () => ALDER.id), vendorIds: [] },
      { vendorIds: [] },
    ]) {
      const { status, body } = await procedure<{ error: string }>('partnerProfile', input, NW_V);
      expect(status).toBe(400);
      expect(body.error).toMatch(/^partnerProfile: the request is not what this procedure reads: partnerIds: /);
    }
  });
});

describe('procedure partnerSourcedRevenue', () => {
  it("sums a vendor's deals won in the period per currency, exactly", async () => {
    // EUR: Alder 1000.00 + 500.00, Birch 1500.00, Dogwood 300.00, Elm 1.00; USD: Alder 700.00, Cedar 50.00, Dogwood 100.00
    expect(await answer('partnerSourcedRevenue', { vendorId: NW, ...MARCH }, NW_V)).toEqual({ EUR: '330100', USD: '85000' });
    expect(await answer('partnerSourcedRevenue', { vendorId: AT, ...MARCH }, AT_V)).toEqual({ EUR: '500000' });
    expect(await answer('partnerSourcedRevenue', { vendorId: NW, from: '2001-03-31', to: '2001-04-01' }, NW_V)).toEqual({
      EUR: '999900',
      USD: '70000',
    });
    expect(await answer('partnerSourcedRevenue', { vendorId: NW, ...MAY }, NW_V)).toEqual({});
  });

  it('answers {} about another vendor, to other roles and for an empty period; refuses a request it cannot read (400)', async () => {
    expect(await answer('partnerSourcedRevenue', { vendorId: AT, ...MARCH }, NW_V)).toEqual({});
    expect(await answer('partnerSourcedRevenue', { vendorId: NW, ...MARCH }, as('PARTNER', ALDER.id))).toEqual({});
    expect(await answer('partnerSourcedRevenue', { vendorId: NW, ...MARCH }, as('DISTRIBUTOR', TESSERA.id))).toEqual({});
    expect(await answer('partnerSourcedRevenue', { vendorId: NW, from: '2001-04-01', to: '2001-03-01' }, NW_V)).toEqual({});
    for (const [input, where] of [
      [{ vendorId: NW, from: '2001-03-01', to: 'March' }, 'to'],
      [{ ...MARCH }, 'vendorId'],
    ] as const) {
      const { status, body } = await procedure<{ error: string }>('partnerSourcedRevenue', input, NW_V);
      expect(status).toBe(400);
      expect(body.error).toContain(`partnerSourcedRevenue: the request is not what this procedure reads: ${where}: `);
    }
  });
});

describe('Vendor.topPartners', () => {
  const TOP = `query ($vendorId: ID!, $period: PeriodInput!, $metric: LeaderboardMetric, $currency: String!, $limit: Int) {
    _entities(representations: [{ __typename: "Vendor", id: $vendorId }]) {
      ... on Vendor { topPartners(period: $period, metric: $metric, currency: $currency, limit: $limit) {
        rank partner { id name } revenue { amount currency } wonDeals lostDeals winRate } }
    }
  }`;
  const TOP_WITHOUT_PARTNER = TOP.replace('partner { id name } ', 'partnerId: __typename ');

  const send = (who: Identity, variables: Record<string, unknown>, query = TOP): Promise<GraphQLResponse<any>> =>
    subgraphRequest(running.partner.url, query, { vendorId: NW, period: MARCH, currency: 'EUR', ...variables }, who);
  async function top(variables: Record<string, unknown>, who: Identity = NW_V) {
    const response = await send(who, variables);
    expect(response.errors).toBeUndefined();
    return response.data._entities[0].topPartners as any[];
  }
  const row = (
    rank: number,
    partner: { id: string; name: string } | null,
    amount: string,
    currency: string,
    wonDeals: number,
    lostDeals: number,
    winRate: string | null,
  ) => ({
    rank,
    partner: partner && { id: partner.id, name: partner.name },
    revenue: { amount, currency },
    wonDeals,
    lostDeals,
    winRate,
  });

  it('ranks by REVENUE in the currency: ties share a rank and are ordered by name; no revenue, not listed', async () => {
    expect(await top({ metric: 'REVENUE' })).toEqual([
      row(1, ALDER, '1500.00', 'EUR', 3, 1, '0.7500'),
      row(1, BIRCH, '1500.00', 'EUR', 1, 2, '0.3333'),
      row(3, DOGWOOD, '300.00', 'EUR', 2, 0, '1.0000'),
      row(4, ELM, '1.00', 'EUR', 1, 31, '0.0313'),
    ]);
    expect(await top({ metric: 'REVENUE', currency: 'USD' })).toEqual([
      row(1, ALDER, '700.00', 'USD', 3, 1, '0.7500'),
      row(2, DOGWOOD, '100.00', 'USD', 2, 0, '1.0000'),
      row(3, CEDAR, '50.00', 'USD', 1, 2, '0.3333'),
    ]);
    expect(await top({ currency: 'JPY' })).toEqual([]); // REVENUE is the default metric
    expect(await top({ metric: 'REVENUE', vendorId: AT, currency: 'EUR' }, AT_V)).toEqual([row(1, null, '5000.00', 'EUR', 1, 0, '1.0000')]); // Dogwood is not Atlas's partner
  });

  it('ranks by WON_DEALS, revenue in the currency ("0.00" without any), three-way tie', async () => {
    expect(await top({ metric: 'WON_DEALS' })).toEqual([
      row(1, ALDER, '1500.00', 'EUR', 3, 1, '0.7500'),
      row(2, DOGWOOD, '300.00', 'EUR', 2, 0, '1.0000'),
      row(3, BIRCH, '1500.00', 'EUR', 1, 2, '0.3333'),
      row(3, CEDAR, '0.00', 'EUR', 1, 2, '0.3333'),
      row(3, ELM, '1.00', 'EUR', 1, 31, '0.0313'),
    ]);
    expect((await top({ metric: 'WON_DEALS', currency: 'JPY' })).map((r) => r.revenue)).toEqual([
      { amount: '0', currency: 'JPY' },
      { amount: '0', currency: 'JPY' },
      { amount: '0', currency: 'JPY' },
      { amount: '0', currency: 'JPY' },
      { amount: '0', currency: 'JPY' },
    ]);
  });

  it('ranks by WIN_RATE every partner with a closed deal (0.0000 included), 4 decimals half-up; the partner out of scope is null', async () => {
    expect(await top({ metric: 'WIN_RATE' })).toEqual([
      row(1, DOGWOOD, '300.00', 'EUR', 2, 0, '1.0000'),
      row(2, ALDER, '1500.00', 'EUR', 3, 1, '0.7500'),
      row(3, BIRCH, '1500.00', 'EUR', 1, 2, '0.3333'),
      row(3, CEDAR, '0.00', 'EUR', 1, 2, '0.3333'),
      row(5, ELM, '1.00', 'EUR', 1, 31, '0.0313'),
      row(6, null, '0.00', 'EUR', 0, 1, '0.0000'), // Fir: not enrolled with Northwind
    ]);
  });

  it('cuts the list at limit after ranking (ranks kept), and answers [] for an empty period', async () => {
    expect((await top({ metric: 'WON_DEALS', limit: 4 })).map((r) => [r.rank, r.partner.name])).toEqual([
      [1, 'Alder Analytics'],
      [2, 'Dogwood Analytics'],
      [3, 'Birch Analytics'],
      [3, 'Cedar Analytics'],
    ]);
    expect((await top({ metric: 'WIN_RATE', limit: 1 })).map((r) => r.partner.name)).toEqual(['Dogwood Analytics']);
    expect(await top({ metric: 'WIN_RATE', limit: 100, period: MAY })).toEqual([]);
    // ten years exactly is allowed, and counts the same closings
    expect(await top({ metric: 'REVENUE', currency: 'USD', period: { from: '2000-01-01', to: '2009-12-31' } })).toHaveLength(3);
  });

  it('computes a ranking in one SQL statement', async () => {
    running.partner.sql.reset();
    const response = await send(NW_V, { metric: 'WIN_RATE' }, TOP_WITHOUT_PARTNER);
    expect(response.errors).toBeUndefined();
    expect(response.data._entities[0].topPartners).toHaveLength(6);
    expect(running.partner.sql.count).toBe(1);
  });

  it("is null for another vendor's ranking, and FORBIDDEN to partners and distributors", async () => {
    const other = await send(NW_V, { vendorId: AT });
    expect(other.errors).toBeUndefined();
    expect(other.data._entities[0].topPartners).toBeNull();
    for (const who of [as('PARTNER', ALDER.id), as('PARTNER', BLUEPEAK.id), as('DISTRIBUTOR', TESSERA.id)]) {
      const response = await send(who, {});
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(response.data?._entities[0].topPartners).toBeNull();
    }
  });

  it.each([
    ['period', { period: { from: '2001-03-31', to: '2001-03-01' } }, /from 2001-03-31 is after to 2001-03-01/],
    ['period', { period: { from: '2000-01-01', to: '2010-01-01' } }, /at most 10 years.*2009-12-31/],
    ['period', { period: { from: '0000-12-31', to: '0001-01-31' } }, /calendar date/],
    ['currency', { currency: 'ABC' }, /ISO 4217/],
    ['currency', { currency: 'eur' }, /ISO 4217/],
    ['limit', { limit: 0 }, /from 1 to 100/],
    ['limit', { limit: 101 }, /from 1 to 100/],
  ])('refuses a bad %s: BAD_USER_INPUT naming it', async (field, variables, message) => {
    const response = await send(NW_V, variables);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(response.errors![0].message).toMatch(message);
  });
});
