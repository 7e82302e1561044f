import { ATLAS, BLUEPEAK, demoEcosystem, HARBOR, IONIC, MERIDIAN, NORTHWIND, REFERRAL_POINT, TESSERA } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { stableId } from '../common/ids';
import { TestData } from './support/builder';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, testConfig } from './support/subgraph';
import { databaseFingerprint } from './support/snapshot';

/**
 * The distributor subgraph's writes: its procedure servesPartner (asked by the partner subgraph), and the mutations
 * addNetworkMember, updateNetworkMember and reportSellThrough, against a real PostgreSQL with all three subgraphs
 * running (the vendor subgraph answers networkEligibility and carriedProducts). Every refusal leaves the tables as
 * they were: compared with a digest of both tables taken before.
 */
const demo = demoEcosystem();
const as = (role: Identity['role'], organizationId: string): Identity => ({
  subject: `user:${role.toLowerCase()}`,
  role,
  organizationId,
  groups: ['ADMIN'],
});
const TESSERA_USER = as('DISTRIBUTOR', TESSERA.id);
const MERIDIAN_USER = as('DISTRIBUTOR', MERIDIAN.id);
const BLUEPEAK_USER = as('PARTNER', BLUEPEAK.id);
const NORTHWIND_USER = as('VENDOR', NORTHWIND.id);
const UNKNOWN = stableId('nothing', 'here');

const productsOf = (vendorId: string) => demo.products.filter((p) => p.vendorId === vendorId);
const NW_PRODUCT = productsOf(NORTHWIND.id)[0];
const NW_PRODUCT_2 = productsOf(NORTHWIND.id)[1];
const ATLAS_PRODUCT = productsOf(ATLAS.id)[0];
const membershipOf = (d: { id: string }, p: { id: string }, v: { id: string }) =>
  demo.memberships.find((m) => m.distributorId === d.id && m.partnerId === p.id && m.vendorId === v.id);
/** Partners ACTIVE with the vendor that Tessera does not yet have in its network for that vendor (none of the named four). */
const addableToTessera = (vendorId: string) =>
  demo.partnerships
    .filter((ps) => ps.vendorId === vendorId && ps.status === 'ACTIVE' && !membershipOf(TESSERA, { id: ps.partnerId }, { id: vendorId }))
    .map((ps) => ps.partnerId)
    .filter((id) => ![BLUEPEAK.id, HARBOR.id, IONIC.id, REFERRAL_POINT.id].includes(id));
/** A Tessera member that no other test here touches. */
const SPARE = demo.memberships.find((m) => m.distributorId === TESSERA.id && ![BLUEPEAK.id, IONIC.id].includes(m.partnerId))!;
/** Set up in beforeAll: Harbor suspended in Tessera's Atlas line (Harbor is not enrolled with Atlas), and a suspended line of a vendor nobody carries. */
const SUSPENDED_HARBOR_ATLAS = stableId('membership-test', 'tessera', 'harbor', 'atlas');
const SUSPENDED_UNCARRIED = stableId('membership-test', 'tessera', 'bluepeak', 'nobody');

let db: TestDatabase;
let graphs: Awaited<ReturnType<typeof startSubgraphs>>;
const query = <T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> => graphs.distributor.dataSource.query(sql, params);

beforeAll(async () => {
  db = await createTestDatabase();
  graphs = await startSubgraphs(['vendor', 'partner', 'distributor'], db.url);
  const data = new TestData(graphs.distributor.dataSource);
  await data.membership({
    id: SUSPENDED_HARBOR_ATLAS,
    distributorId: TESSERA.id,
    partnerId: HARBOR.id,
    vendorId: ATLAS.id,
    creditLimitMinor: 1000000,
    currency: 'EUR',
    paymentTermsDays: 30,
    status: 'SUSPENDED',
    joinedAt: '2026-10-02T00:00:00.000Z',
  });
  await data.membership({
    id: SUSPENDED_UNCARRIED,
    distributorId: TESSERA.id,
    partnerId: BLUEPEAK.id,
    vendorId: UNKNOWN,
    creditLimitMinor: null,
    currency: null,
    paymentTermsDays: null,
    status: 'SUSPENDED',
    joinedAt: '2026-10-03T00:00:00.000Z',
  });
});

afterAll(async () => {
  await graphs?.stop();
  await db?.drop();
});

/** Every row of every table, as one fingerprint: equal fingerprints, unchanged database. */
const snapshot = () => databaseFingerprint(db.url);

const request = (caller: Identity | null, text: string, variables: Record<string, unknown> = {}) =>
  subgraphRequest(graphs.distributor.url, text, variables, caller);
const ok = async (caller: Identity, text: string, variables: Record<string, unknown> = {}) => {
  const res = await request(caller, text, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
};
/** The operation fails with `code` (and `field`), and neither table changes. */
async function refused(caller: Identity, text: string, variables: Record<string, unknown>, code: string, field?: string, message?: string | RegExp) {
  const before = await snapshot();
  const res = await request(caller, text, variables);
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect(error.extensions?.code).toBe(code);
  if (field !== undefined) expect(error.extensions?.field).toBe(field);
  if (message !== undefined) expect(error.message).toMatch(message);
  expect(await snapshot()).toEqual(before);
  return error;
}

const MEMBERSHIP = 'id distributor { id slug } partner { id } vendor { id } creditLimit { amount currency } paymentTermsDays status joinedAt';
const ADD = `mutation ($input: AddNetworkMemberInput!) { addNetworkMember(input: $input) { ${MEMBERSHIP} } }`;
const UPDATE = `mutation ($input: UpdateNetworkMemberInput!) { updateNetworkMember(input: $input) { ${MEMBERSHIP} } }`;
const LINE = 'id distributor { id } partner { id } vendor { id } product { id } quantity amount { amount currency } soldOn externalReference';
const REPORT = `mutation ($lines: [SellThroughLineInput!]!) { reportSellThrough(lines: $lines) {
  accepted { ${LINE} } duplicates { ${LINE} } rejected { index externalReference field code message } } }`;

interface MembershipRow {
  id: string;
  distributor_id: string;
  partner_id: string;
  vendor_id: string;
  credit_limit_minor: string | null;
  currency: string | null;
  payment_terms_days: number | null;
  status: string;
  joined_at: Date;
}
const membershipRow = async (id: string) => (await query<MembershipRow>('SELECT * FROM network_memberships WHERE id = $1', [id]))[0];
const membershipRows = (d: { id: string }, partnerId: string, vendorId: string) =>
  query<MembershipRow>('SELECT * FROM network_memberships WHERE distributor_id = $1 AND partner_id = $2 AND vendor_id = $3', [
    d.id,
    partnerId,
    vendorId,
  ]);

describe('procedure servesPartner (asked by the partner subgraph, as a partner)', () => {
  async function serves(caller: Identity | null, input: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller) headers[IDENTITY_HEADER] = await signIdentity(caller, testConfig().gatewaySecret);
    const response = await fetch(new URL('/internal/servesPartner', graphs.distributor.url), {
      method: 'POST',
      headers,
      body: JSON.stringify(input),
    });
    return { status: response.status, body: await response.json() };
  }

  it('true exactly for an ACTIVE membership of the calling partner with that distributor for that vendor', async () => {
    expect(membershipOf(TESSERA, BLUEPEAK, NORTHWIND)).toBeDefined();
    expect(await serves(BLUEPEAK_USER, { distributorId: TESSERA.id, vendorId: NORTHWIND.id })).toEqual({ status: 200, body: { serves: true } });
    expect((await serves(BLUEPEAK_USER, { distributorId: TESSERA.id.toUpperCase(), vendorId: ` ${NORTHWIND.id} ` })).body).toEqual({ serves: true });
    expect((await serves(as('PARTNER', HARBOR.id), { distributorId: MERIDIAN.id, vendorId: NORTHWIND.id })).body).toEqual({ serves: true });
    // another distributor, another vendor line, a suspended membership
    expect((await serves(BLUEPEAK_USER, { distributorId: MERIDIAN.id, vendorId: NORTHWIND.id })).body).toEqual({ serves: false });
    expect((await serves(BLUEPEAK_USER, { distributorId: TESSERA.id, vendorId: ATLAS.id })).body).toEqual({ serves: false });
    expect((await serves(as('PARTNER', HARBOR.id), { distributorId: TESSERA.id, vendorId: ATLAS.id })).body).toEqual({ serves: false });
  });

  it('answers only about the caller: other roles and ids that are not ids learn nothing (false)', async () => {
    const input = { distributorId: TESSERA.id, vendorId: NORTHWIND.id };
    expect((await serves(TESSERA_USER, input)).body).toEqual({ serves: false });
    expect((await serves(NORTHWIND_USER, input)).body).toEqual({ serves: false });
    expect((await serves(as('PARTNER', 'not-an-id'), input)).body).toEqual({ serves: false });
    expect(await serves(BLUEPEAK_USER, { distributorId: 'x', vendorId: NORTHWIND.id })).toEqual({ status: 200, body: { serves: false } });
  });

  it('refuses a request the contract does not read (400), naming what is wrong', async () => {
    for (const bad of [null, 42, 'x', [], {}, { distributorId: TESSERA.id, vendorId: 7 }, { distributorId: TESSERA.id }]) {
      const { status, body } = await serves(BLUEPEAK_USER, bad);
      expect(status).toBe(400);
      expect(body.error).toMatch(/^servesPartner: the request is not what this procedure reads: (\(the body\)|distributorId|vendorId): /);
    }
  });

  it('refuses a request the gateway did not sign', async () => {
    expect((await serves(null, { distributorId: TESSERA.id, vendorId: NORTHWIND.id })).status).toBe(401);
  });
});

describe('addNetworkMember', () => {
  it('invites a member (INVITED, dated now to the millisecond), with exact credit terms, newest in the network', async () => {
    expect(membershipOf(TESSERA, HARBOR, NORTHWIND)).toBeUndefined();
    const before = Date.now();
    const { addNetworkMember: m } = await ok(TESSERA_USER, ADD, {
      input: {
        partnerId: HARBOR.id.toUpperCase(),
        vendorId: NORTHWIND.id,
        creditLimit: { amount: '25000.05', currency: 'USD' },
        paymentTermsDays: 45,
      },
    });
    const after = Date.now();
    expect(m).toMatchObject({
      distributor: { id: TESSERA.id, slug: TESSERA.slug },
      partner: { id: HARBOR.id },
      vendor: { id: NORTHWIND.id },
      creditLimit: { amount: '25000.05', currency: 'USD' },
      paymentTermsDays: 45,
      status: 'INVITED',
    });
    const joined = Date.parse(m.joinedAt);
    expect(joined).toBeGreaterThanOrEqual(before - 1000);
    expect(joined).toBeLessThanOrEqual(after + 1000);
    const row = await membershipRow(m.id);
    expect(row).toMatchObject({
      distributor_id: TESSERA.id,
      partner_id: HARBOR.id,
      vendor_id: NORTHWIND.id,
      credit_limit_minor: '2500005',
      currency: 'USD',
      payment_terms_days: 45,
      status: 'INVITED',
    });
    expect(row.joined_at.toISOString()).toBe(m.joinedAt);
    const [{ exact }] = await query<{ exact: boolean }>(
      `SELECT joined_at = date_trunc('milliseconds', joined_at) AS exact FROM network_memberships WHERE id = $1`,
      [m.id],
    );
    expect(exact).toBe(true);
    // the newest member heads the network, and its cursor leads on to the rest
    const { distributor } = await ok(
      TESSERA_USER,
      `query ($id: ID!) { distributor(id: $id) { network(first: 2) { edges { cursor node { id } } } } }`,
      { id: TESSERA.id },
    );
    expect(distributor.network.edges[0].node.id).toBe(m.id);
    const next = await ok(
      TESSERA_USER,
      `query ($id: ID!, $after: String) { distributor(id: $id) { network(first: 1, after: $after) { edges { node { id } } } } }`,
      {
        id: TESSERA.id,
        after: distributor.network.edges[0].cursor,
      },
    );
    expect(next.distributor.network.edges[0].node.id).toBe(distributor.network.edges[1].node.id);
  });

  it('without credit terms: no credit limit, no payment terms', async () => {
    const partnerId = addableToTessera(ATLAS.id)[0] ?? addableToTessera(NORTHWIND.id)[0];
    const vendorId = addableToTessera(ATLAS.id)[0] ? ATLAS.id : NORTHWIND.id;
    const { addNetworkMember: m } = await ok(TESSERA_USER, ADD, { input: { partnerId, vendorId } });
    expect(m).toMatchObject({ partner: { id: partnerId }, vendor: { id: vendorId }, creditLimit: null, paymentTermsDays: null, status: 'INVITED' });
    expect(await membershipRow(m.id)).toMatchObject({ credit_limit_minor: null, currency: null, payment_terms_days: null });
  });

  const candidate = () => ({ partnerId: addableToTessera(NORTHWIND.id)[1], vendorId: NORTHWIND.id });
  it.each([
    ['partnerId not an id', { partnerId: 'bluepeak' }, 'input.partnerId'],
    ['vendorId not an id', { vendorId: '' }, 'input.vendorId'],
    ['negative credit limit', { creditLimit: { amount: '-0.01', currency: 'USD' } }, 'input.creditLimit.amount'],
    ['more decimals than the currency has', { creditLimit: { amount: '100.001', currency: 'USD' } }, 'input.creditLimit.amount'],
    ['a currency that is not ISO 4217', { creditLimit: { amount: '100', currency: 'usd' } }, 'input.creditLimit.currency'],
    ['negative payment terms', { paymentTermsDays: -1 }, 'input.paymentTermsDays'],
    ['payment terms over a year', { paymentTermsDays: 366 }, 'input.paymentTermsDays'],
  ])('%s → BAD_USER_INPUT, nothing added', async (_name, change, field) => {
    await refused(TESSERA_USER, ADD, { input: { ...candidate(), ...change } }, 'BAD_USER_INPUT', field);
  });

  it('edge values are accepted: zero credit, terms 0 and 365', async () => {
    const [a, b] = addableToTessera(NORTHWIND.id).slice(2, 4);
    const { addNetworkMember: zero } = await ok(TESSERA_USER, ADD, {
      input: { partnerId: a, vendorId: NORTHWIND.id, creditLimit: { amount: '0', currency: 'USD' }, paymentTermsDays: 0 },
    });
    expect(zero).toMatchObject({ creditLimit: { amount: '0.00', currency: 'USD' }, paymentTermsDays: 0 });
    const { addNetworkMember: year } = await ok(TESSERA_USER, ADD, {
      input: { partnerId: b, vendorId: NORTHWIND.id, creditLimit: { amount: '999999999999999', currency: 'JPY' }, paymentTermsDays: 365 },
    });
    expect(year).toMatchObject({ creditLimit: { amount: '999999999999999', currency: 'JPY' }, paymentTermsDays: 365 });
  });

  it('a vendor the distributor does not carry → BAD_USER_INPUT on input.vendorId, named for the distributor', async () => {
    await refused(
      TESSERA_USER,
      ADD,
      { input: { partnerId: HARBOR.id, vendorId: UNKNOWN } },
      'BAD_USER_INPUT',
      'input.vendorId',
      /tessera-distribution does not carry that vendor/,
    );
    expect(demo.agreements.some((a) => a.distributorId === MERIDIAN.id && a.vendorId === ATLAS.id)).toBe(false);
    await refused(
      MERIDIAN_USER,
      ADD,
      { input: { partnerId: IONIC.id, vendorId: ATLAS.id } },
      'BAD_USER_INPUT',
      'input.vendorId',
      /meridian-supply does not carry that vendor/,
    );
  });

  it('nothing confirms the unseen: an unknown id, a partner not enrolled with the vendor and an enrolled one get the same answer (INVITED)', async () => {
    const shape = (m: Record<string, unknown>) => ({ ...m, id: 'id', partner: 'partner', joinedAt: 'at' });
    expect(demo.partnerships.some((ps) => ps.partnerId === REFERRAL_POINT.id && ps.vendorId === ATLAS.id)).toBe(false);
    const pending = demo.partnerships.find((ps) => ps.status !== 'ACTIVE' && ps.vendorId === NORTHWIND.id)!;
    const answers = [];
    for (const [partnerId, vendorId] of [
      [REFERRAL_POINT.id, ATLAS.id],
      [UNKNOWN, ATLAS.id],
      [pending.partnerId, NORTHWIND.id],
      [addableToTessera(NORTHWIND.id)[5], NORTHWIND.id],
    ]) {
      const { addNetworkMember: m } = await ok(TESSERA_USER, ADD, { input: { partnerId, vendorId } });
      answers.push(shape({ ...m, vendor: 'vendor' }));
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 'INVITED' });
  });

  it('an existing membership (any status) → CONFLICT pointing to setNetworkCreditTerms', async () => {
    await refused(
      TESSERA_USER,
      ADD,
      { input: { partnerId: BLUEPEAK.id, vendorId: NORTHWIND.id, paymentTermsDays: 10 } },
      'CONFLICT',
      undefined,
      /already in your network for this vendor line \(membership .*, ACTIVE\): use setNetworkCreditTerms/,
    );
    await refused(
      TESSERA_USER,
      ADD,
      { input: { partnerId: HARBOR.id, vendorId: ATLAS.id } },
      'CONFLICT',
      undefined,
      /SUSPENDED\): use setNetworkCreditTerms/,
    );
  });

  it('20 concurrent adds of one membership: exactly one added, the rest CONFLICT', async () => {
    const partnerId = addableToTessera(NORTHWIND.id)[4];
    const results = await Promise.all(
      Array.from({ length: 20 }, () => request(TESSERA_USER, ADD, { input: { partnerId, vendorId: NORTHWIND.id, paymentTermsDays: 30 } })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(19);
    expect(await membershipRows(TESSERA, partnerId, NORTHWIND.id)).toHaveLength(1);
  });

  it('a partner or a vendor calling → FORBIDDEN, nothing added', async () => {
    const input = candidate();
    await refused(BLUEPEAK_USER, ADD, { input }, 'FORBIDDEN');
    await refused(NORTHWIND_USER, ADD, { input }, 'FORBIDDEN');
    await refused(as('DISTRIBUTOR', UNKNOWN), ADD, { input }, 'FORBIDDEN');
  });
});

describe('updateNetworkMember', () => {
  it('changes credit terms and status of an own membership; null removes credit limit or terms', async () => {
    const { updateNetworkMember: m } = await ok(TESSERA_USER, UPDATE, {
      input: { id: SPARE.id, creditLimit: { amount: '1234.5', currency: 'EUR' }, paymentTermsDays: 90 },
    });
    expect(m).toMatchObject({
      id: SPARE.id,
      creditLimit: { amount: '1234.50', currency: 'EUR' },
      paymentTermsDays: 90,
      status: 'ACTIVE',
      joinedAt: SPARE.joinedAt,
    });
    expect(await membershipRow(SPARE.id)).toMatchObject({ credit_limit_minor: '123450', currency: 'EUR', payment_terms_days: 90, status: 'ACTIVE' });

    const { updateNetworkMember: suspended } = await ok(TESSERA_USER, UPDATE, { input: { id: SPARE.id, status: 'SUSPENDED' } });
    expect(suspended).toMatchObject({ status: 'SUSPENDED', creditLimit: { amount: '1234.50' }, paymentTermsDays: 90 });
    expect((await membershipRow(SPARE.id)).status).toBe('SUSPENDED');

    // the partner is still enrolled with the vendor, and the line carried: it may come back
    const { updateNetworkMember: back } = await ok(TESSERA_USER, UPDATE, {
      input: { id: SPARE.id.toUpperCase(), status: 'ACTIVE', creditLimit: null, paymentTermsDays: null },
    });
    expect(back).toMatchObject({ status: 'ACTIVE', creditLimit: null, paymentTermsDays: null });
    expect(await membershipRow(SPARE.id)).toMatchObject({ status: 'ACTIVE', credit_limit_minor: null, currency: null, payment_terms_days: null });
  });

  it.each([
    ['nothing to change', {}, 'input'],
    ['status null', { status: null }, 'input.status'],
    ['negative credit limit', { creditLimit: { amount: '-5', currency: 'EUR' } }, 'input.creditLimit.amount'],
    ['not an amount', { creditLimit: { amount: '1e5', currency: 'EUR' } }, undefined],
    ['payment terms over a year', { paymentTermsDays: 400 }, 'input.paymentTermsDays'],
  ])('%s → BAD_USER_INPUT, unchanged', async (_name, change, field) => {
    await refused(TESSERA_USER, UPDATE, { input: { id: SPARE.id, ...change } }, 'BAD_USER_INPUT', field);
  });

  it('reactivation needs what adding needs: a carried line and an enrolled partner', async () => {
    await refused(
      TESSERA_USER,
      UPDATE,
      { input: { id: SUSPENDED_HARBOR_ATLAS, status: 'ACTIVE' } },
      'BAD_USER_INPUT',
      'input.status',
      /no longer actively enrolled/,
    );
    await refused(
      TESSERA_USER,
      UPDATE,
      { input: { id: SUSPENDED_UNCARRIED, status: 'ACTIVE' } },
      'BAD_USER_INPUT',
      'input.status',
      /tessera-distribution no longer carries that vendor/,
    );
    // a suspended member's terms can still be changed
    const { updateNetworkMember: m } = await ok(TESSERA_USER, UPDATE, { input: { id: SUSPENDED_HARBOR_ATLAS, paymentTermsDays: 15 } });
    expect(m).toMatchObject({ status: 'SUSPENDED', paymentTermsDays: 15 });
  });

  it("another distributor's membership, a missing id or not an id → NOT_FOUND, unchanged", async () => {
    const meridians = membershipOf(MERIDIAN, HARBOR, NORTHWIND)!;
    const error = await refused(TESSERA_USER, UPDATE, { input: { id: meridians.id, status: 'SUSPENDED' } }, 'NOT_FOUND');
    const missing = await refused(TESSERA_USER, UPDATE, { input: { id: UNKNOWN, status: 'SUSPENDED' } }, 'NOT_FOUND');
    expect(error.message.replace(meridians.id, '<id>')).toBe(missing.message.replace(UNKNOWN, '<id>'));
    await refused(TESSERA_USER, UPDATE, { input: { id: 'membership-1', paymentTermsDays: 5 } }, 'NOT_FOUND');
    expect((await membershipRow(meridians.id)).status).toBe('ACTIVE');
  });

  it('a partner or a vendor calling → FORBIDDEN, unchanged', async () => {
    const own = membershipOf(TESSERA, BLUEPEAK, NORTHWIND)!;
    await refused(BLUEPEAK_USER, UPDATE, { input: { id: own.id, status: 'SUSPENDED' } }, 'FORBIDDEN');
    await refused(NORTHWIND_USER, UPDATE, { input: { id: own.id, paymentTermsDays: 1 } }, 'FORBIDDEN');
  });
});

describe('reportSellThrough', () => {
  const DAY = 86_400_000;
  const utcDate = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
  const recorded = demo.sellThrough.find((s) => s.distributorId === TESSERA.id && s.vendorId === NORTHWIND.id)!;
  const line = (fields: Record<string, unknown> = {}) => ({
    partnerId: BLUEPEAK.id,
    productId: NW_PRODUCT.id,
    quantity: 3,
    amount: { amount: '1500.00', currency: NW_PRODUCT.currency },
    soldOn: '2024-05-01',
    externalReference: 'REF',
    ...fields,
  });
  const lineCount = async (d = TESSERA) =>
    Number((await query<{ n: string }>('SELECT count(*) AS n FROM sell_through_lines WHERE distributor_id = $1', [d.id]))[0].n);
  const report = async (caller: Identity, lines: unknown[]) => (await ok(caller, REPORT, { lines })).reportSellThrough;

  /** One valid line per kind, one refused line per rule, one line already recorded. */
  const batch = (run: string) => [
    /* 0 */ line({ externalReference: `${run}-A` }),
    /* 1 */ line({
      partnerId: IONIC.id,
      productId: ATLAS_PRODUCT.id,
      quantity: 1_000_000,
      amount: { amount: '0.01', currency: 'EUR' },
      soldOn: utcDate(0),
      externalReference: `${run}-B`,
    }),
    /* 2 */ line({ externalReference: '   ' }),
    /* 3 */ line({ externalReference: 'R'.repeat(101) }),
    /* 4 */ line({ externalReference: `${run}-A`, quantity: 7 }),
    /* 5 */ line({ externalReference: `${run}-Q0`, quantity: 0 }),
    /* 6 */ line({ externalReference: `${run}-Q1`, quantity: 1_000_001 }),
    /* 7 */ line({ externalReference: `${run}-NEG`, amount: { amount: '-1.00', currency: 'USD' } }),
    /* 8 */ line({ externalReference: `${run}-DEC`, amount: { amount: '1.005', currency: 'USD' } }),
    /* 9 */ line({ externalReference: `${run}-CUR`, amount: { amount: '1.00', currency: 'DOLLARS' } }),
    /* 10 */ line({ externalReference: `${run}-FUT`, soldOn: utcDate(2) }),
    /* 11 */ line({ externalReference: `${run}-OLD`, soldOn: '1999-12-31' }),
    /* 12 */ line({ externalReference: `${run}-UNK`, productId: UNKNOWN }),
    /* 13 */ line({ externalReference: `${run}-NID`, productId: 'SKU-1' }),
    /* 14 */ line({ externalReference: `${run}-CCY`, amount: { amount: '1.00', currency: 'EUR' } }),
    /* 15 */ line({ externalReference: `${run}-NOM`, partnerId: REFERRAL_POINT.id }),
    /* 16 */ line({
      externalReference: `${run}-LIN`,
      partnerId: BLUEPEAK.id,
      productId: ATLAS_PRODUCT.id,
      amount: { amount: '10.00', currency: 'EUR' },
    }),
    /* 17 */ line({
      externalReference: `${run}-SUS`,
      partnerId: HARBOR.id,
      productId: ATLAS_PRODUCT.id,
      amount: { amount: '10.00', currency: 'EUR' },
    }),
    /* 18 */ line({ externalReference: `${run}-PID`, partnerId: 'bluepeak-it' }),
    /* 19 */ line({ externalReference: recorded.externalReference, quantity: 99, amount: { amount: '1.00', currency: 'USD' } }),
    /* 20 */ line({
      externalReference: `  ${run}-C  `,
      partnerId: BLUEPEAK.id.toUpperCase(),
      productId: NW_PRODUCT_2.id.toUpperCase(),
      amount: { amount: '0', currency: 'USD' },
      soldOn: '2000-01-01',
    }),
    /* 21 */ line({ externalReference: `${run}-CTL\u0007` }),
  ];
  const REJECTED = [
    [2, 'externalReference'],
    [3, 'externalReference'],
    [4, 'externalReference'],
    [5, 'quantity'],
    [6, 'quantity'],
    [7, 'amount.amount'],
    [8, 'amount.amount'],
    [9, 'amount.currency'],
    [10, 'soldOn'],
    [11, 'soldOn'],
    [12, 'productId'],
    [13, 'productId'],
    [14, 'amount.currency'],
    [15, 'partnerId'],
    [16, 'partnerId'],
    [17, 'partnerId'],
    [18, 'partnerId'],
    [21, 'externalReference'],
  ] as const;
  const ACCEPTED = [0, 1, 20];

  let first: any;
  it('a mixed batch: valid lines recorded exactly, each invalid line refused with its field, a known reference answered as first recorded', async () => {
    const before = await lineCount();
    const lines = batch('MIX');
    const fetches = jest.spyOn(globalThis, 'fetch');
    try {
      first = await report(TESSERA_USER, lines);
      // the vendor subgraph is asked about the products once, for all lines
      const asked = fetches.mock.calls.filter(([url]) => String(url).endsWith('/internal/carriedProducts'));
      expect(asked).toHaveLength(1);
      expect(JSON.parse(String(asked[0][1]?.body)).productIds.sort()).toEqual([NW_PRODUCT.id, NW_PRODUCT_2.id, ATLAS_PRODUCT.id, UNKNOWN].sort());
    } finally {
      fetches.mockRestore();
    }

    expect(first.rejected.map((r: any) => [r.index, r.field])).toEqual(REJECTED.map(([index, field]) => [index, `lines[${index}].${field}`]));
    for (const r of first.rejected) {
      expect(r.code).toBe('BAD_USER_INPUT');
      expect(r.message.length).toBeGreaterThan(10);
    }
    expect(first.rejected.find((r: any) => r.index === 2).externalReference).toBeNull();
    expect(first.rejected.find((r: any) => r.index === 4)).toMatchObject({ externalReference: 'MIX-A', message: expect.stringContaining('line 0') });
    expect(first.rejected.find((r: any) => r.index === 14).message).toContain('USD');

    expect(first.accepted.map((l: any) => l.externalReference)).toEqual(['MIX-A', 'MIX-B', 'MIX-C']);
    expect(first.accepted[0]).toMatchObject({
      distributor: { id: TESSERA.id },
      partner: { id: BLUEPEAK.id },
      vendor: { id: NORTHWIND.id },
      product: { id: NW_PRODUCT.id },
      quantity: 3,
      amount: { amount: '1500.00', currency: 'USD' },
      soldOn: '2024-05-01',
    });
    expect(first.accepted[1]).toMatchObject({
      partner: { id: IONIC.id },
      vendor: { id: ATLAS.id },
      quantity: 1_000_000,
      amount: { amount: '0.01', currency: 'EUR' },
      soldOn: utcDate(0),
    });
    expect(first.accepted[2]).toMatchObject({
      partner: { id: BLUEPEAK.id },
      product: { id: NW_PRODUCT_2.id },
      amount: { amount: '0.00', currency: 'USD' },
      soldOn: '2000-01-01',
    });

    // the line already recorded comes back as it was first recorded, not as sent
    expect(first.duplicates).toEqual([
      expect.objectContaining({
        id: recorded.id,
        externalReference: recorded.externalReference,
        quantity: recorded.quantity,
        partner: { id: recorded.partnerId },
        product: { id: recorded.productId },
        soldOn: recorded.soldOn,
      }),
    ]);

    // the database holds exactly the valid lines, as sent
    expect(await lineCount()).toBe(before + ACCEPTED.length);
    const rows = await query<any>(
      `SELECT id, partner_id, vendor_id, product_id, quantity, amount_minor, currency, sold_on::text AS sold_on, external_reference
       FROM sell_through_lines WHERE distributor_id = $1 AND external_reference LIKE 'MIX-%' ORDER BY external_reference`,
      [TESSERA.id],
    );
    expect(rows).toEqual([
      {
        id: first.accepted[0].id,
        partner_id: BLUEPEAK.id,
        vendor_id: NORTHWIND.id,
        product_id: NW_PRODUCT.id,
        quantity: 3,
        amount_minor: '150000',
        currency: 'USD',
        sold_on: '2024-05-01',
        external_reference: 'MIX-A',
      },
      {
        id: first.accepted[1].id,
        partner_id: IONIC.id,
        vendor_id: ATLAS.id,
        product_id: ATLAS_PRODUCT.id,
        quantity: 1_000_000,
        amount_minor: '1',
        currency: 'EUR',
        sold_on: utcDate(0),
        external_reference: 'MIX-B',
      },
      {
        id: first.accepted[2].id,
        partner_id: BLUEPEAK.id,
        vendor_id: NORTHWIND.id,
        product_id: NW_PRODUCT_2.id,
        quantity: 3,
        amount_minor: '0',
        currency: 'USD',
        sold_on: '2000-01-01',
        external_reference: 'MIX-C',
      },
    ]);
    const [original] = await query<any>(`SELECT quantity, amount_minor FROM sell_through_lines WHERE id = $1`, [recorded.id]);
    expect(original).toEqual({ quantity: recorded.quantity, amount_minor: String(recorded.amountMinor) });
  });

  it('the same batch again: nothing recorded, every valid line a duplicate as first recorded, the same refusals', async () => {
    const before = await snapshot();
    const again = await report(TESSERA_USER, batch('MIX'));
    expect(again.accepted).toEqual([]);
    expect(again.duplicates).toEqual([first.accepted[0], first.accepted[1], first.duplicates[0], first.accepted[2]]);
    expect(again.rejected).toEqual(first.rejected);
    expect(await snapshot()).toEqual(before);
  });

  it('the same 1000-line batch sent 5 times at once: each line recorded once, every call answers each line once', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) =>
      line({
        externalReference: `BULK-${String(i).padStart(4, '0')}`,
        quantity: (i % 10) + 1,
        productId: productsOf(NORTHWIND.id)[i % productsOf(NORTHWIND.id).length].id,
      }),
    );
    const before = await lineCount();
    const reports = await Promise.all(Array.from({ length: 5 }, () => report(TESSERA_USER, lines)));
    for (const r of reports) {
      expect(r.rejected).toEqual([]);
      expect(r.accepted.length + r.duplicates.length).toBe(1000);
      expect([...r.accepted, ...r.duplicates].map((l: any) => l.externalReference).sort()).toEqual(lines.map((l) => l.externalReference));
    }
    const accepted = reports.flatMap((r) => r.accepted);
    expect(accepted).toHaveLength(1000);
    expect(new Set(accepted.map((l: any) => l.externalReference)).size).toBe(1000);
    expect(await lineCount()).toBe(before + 1000);
    // duplicates are the very rows recorded by whichever call won
    const byReference = new Map(accepted.map((l: any) => [l.externalReference, l]));
    for (const r of reports) for (const d of r.duplicates) expect(d).toEqual(byReference.get(d.externalReference));
  });

  it('two overlapping batches in opposite orders, concurrently: no deadlock, each reference recorded once', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => line({ externalReference: `OVERLAP-${i}` }));
    const before = await lineCount();
    const [a, b] = await Promise.all([report(TESSERA_USER, lines), report(TESSERA_USER, [...lines].reverse())]);
    expect(a.accepted.length + b.accepted.length).toBe(50);
    expect(a.duplicates.length + b.duplicates.length).toBe(50);
    expect(await lineCount()).toBe(before + 50);
  });

  it('references are per distributor; a vendor the distributor does not carry makes the product unknown to it', async () => {
    const harborNorthwind = line({ partnerId: HARBOR.id, externalReference: 'MIX-A' });
    const atlasLine = line({
      partnerId: HARBOR.id,
      productId: ATLAS_PRODUCT.id,
      amount: { amount: '5.00', currency: 'EUR' },
      externalReference: 'M-ATLAS',
    });
    const before = await lineCount(MERIDIAN);
    const r = await report(MERIDIAN_USER, [harborNorthwind, atlasLine]);
    expect(r.accepted.map((l: any) => [l.externalReference, l.distributor.id])).toEqual([['MIX-A', MERIDIAN.id]]);
    expect(r.duplicates).toEqual([]);
    expect(r.rejected).toEqual([
      {
        index: 1,
        externalReference: 'M-ATLAS',
        field: 'lines[1].productId',
        code: 'BAD_USER_INPUT',
        message: expect.stringContaining(ATLAS_PRODUCT.id),
      },
    ]);
    expect(await lineCount(MERIDIAN)).toBe(before + 1);
  });

  it("a suspended member's lines are refused", async () => {
    await ok(TESSERA_USER, UPDATE, { input: { id: membershipOf(TESSERA, IONIC, ATLAS)!.id, status: 'SUSPENDED' } });
    try {
      const before = await snapshot();
      const r = await report(TESSERA_USER, [
        line({ partnerId: IONIC.id, productId: ATLAS_PRODUCT.id, amount: { amount: '1.00', currency: 'EUR' }, externalReference: 'SUSP-1' }),
      ]);
      expect(r).toEqual({ accepted: [], duplicates: [], rejected: [expect.objectContaining({ index: 0, field: 'lines[0].partnerId' })] });
      expect(await snapshot()).toEqual(before);
    } finally {
      await ok(TESSERA_USER, UPDATE, { input: { id: membershipOf(TESSERA, IONIC, ATLAS)!.id, status: 'ACTIVE' } });
    }
  });

  it('no lines, or more than 1000 → BAD_USER_INPUT on "lines", nothing recorded', async () => {
    await refused(TESSERA_USER, REPORT, { lines: [] }, 'BAD_USER_INPUT', 'lines');
    await refused(
      TESSERA_USER,
      REPORT,
      { lines: Array.from({ length: 1001 }, (_, i) => line({ externalReference: `TOO-MANY-${i}` })) },
      'BAD_USER_INPUT',
      'lines',
    );
  });

  it('a date that is not a calendar date refuses the whole request (the Date scalar), nothing recorded', async () => {
    await refused(TESSERA_USER, REPORT, { lines: [line({ externalReference: 'FEB-30', soldOn: '2024-02-30' })] }, 'BAD_USER_INPUT');
  });

  it('a partner or a vendor calling → FORBIDDEN, nothing recorded', async () => {
    await refused(BLUEPEAK_USER, REPORT, { lines: [line({ externalReference: 'FORBIDDEN-1' })] }, 'FORBIDDEN');
    await refused(NORTHWIND_USER, REPORT, { lines: [line({ externalReference: 'FORBIDDEN-2' })] }, 'FORBIDDEN');
  });
});
