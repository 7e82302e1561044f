import { ATLAS, BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, REFERRAL_POINT, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { expireDeals } from '../subgraphs/partner/services';
import { requiredDomain } from '../common/domain';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startTestStack } from './support/stack';
import { startSubgraphs, subgraphRequest, testConfig, type GraphQLResponse, type RunningSubgraph } from './support/subgraph';
import { databaseFingerprint } from './support/snapshot';

/**
 * Mutations of the partner subgraph (deal registration and its lifecycle), conflicts, expiry, the approval queue and
 * the pipeline, against the real vendor and distributor subgraphs (whose procedures registration asks). Each test
 * registers its own deals on customer domains of its own, so tests do not depend on each other's order.
 */
const eco = demoEcosystem();
const product = (sku: string) => eco.products.find((p) => p.sku === sku)!.id;
const NW_SEC = product('NW-SEC');
const NW_ANL = product('NW-ANL');
const AM_LATHE = product('AM-LATHE-200');

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let db: TestDatabase;
const NAMES = ['vendor', 'partner', 'distributor'] as const;
let running: Record<(typeof NAMES)[number], RunningSubgraph> & { stop(): Promise<void> };

beforeAll(async () => {
  db = await createTestDatabase();
  running = await startSubgraphs([...NAMES], db.url);
});

afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

type Org = { id: string; slug: string };
const as = (role: Identity['role'], org: Org): Identity => ({ subject: `user:${org.slug}`, role, organizationId: org.id, groups: ['ADMIN'] });

/** Calls a partner procedure as a peer would, with the caller's gateway-signed identity. */
async function procedure<T>(name: string, input: unknown, who: Identity | null): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers[IDENTITY_HEADER] = await signIdentity(who, testConfig().gatewaySecret);
  const response = await fetch(new URL(`/internal/${name}`, running.partner.url), { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: response.status, body: (await response.json()) as T };
}

describe('procedure partnerExists', () => {
  const exists = async (who: Identity | null, input: unknown) => procedure<{ exists: boolean }>('partnerExists', input, who);

  it('tells a vendor whether any partner exists, enrolled with it or not', async () => {
    const vendor = as('VENDOR', ATLAS);
    expect((await exists(vendor, { partnerId: BLUEPEAK.id })).body).toEqual({ exists: true }); // not enrolled with atlas
    expect((await exists(vendor, { partnerId: HARBOR.id.toUpperCase() })).body).toEqual({ exists: true });
    expect((await exists(vendor, { partnerId: UNKNOWN })).body).toEqual({ exists: false });
    expect((await exists(as('VENDOR', NORTHWIND), { partnerId: NORTHWIND.id })).body).toEqual({ exists: false });
  });

  it('treats an id that is not one as an unknown partner', async () => {
    const vendor = as('VENDOR', NORTHWIND);
    for (const input of [{ partnerId: 'not-a-uuid' }, { partnerId: `${BLUEPEAK.id}' OR '1'='1` }]) {
      expect(await exists(vendor, input)).toEqual({ status: 200, body: { exists: false } });
    }
  });

  it('refuses a request the contract does not read (400), naming what is wrong', async () => {
    const vendor = as('VENDOR', NORTHWIND);
    for (const input of [{ partnerId: 42 }, {}, null, [BLUEPEAK.id]]) {
      const { status, body } = await procedure<{ error: string }>('partnerExists', input, vendor);
      expect(status).toBe(400);
      expect(body.error).toMatch(/^partnerExists: the request is not what this procedure reads: (partnerId|\(the body\)): /);
    }
  });

  it('answers other roles only what they may know: a partner about itself, a distributor nothing', async () => {
    expect((await exists(as('PARTNER', BLUEPEAK), { partnerId: BLUEPEAK.id })).body).toEqual({ exists: true });
    expect((await exists(as('PARTNER', BLUEPEAK), { partnerId: HARBOR.id })).body).toEqual({ exists: false });
    expect((await exists(as('DISTRIBUTOR', TESSERA), { partnerId: BLUEPEAK.id })).body).toEqual({ exists: false });
    expect((await exists(as('DISTRIBUTOR', MERIDIAN), { partnerId: HARBOR.id })).body).toEqual({ exists: false });
  });

  it('refuses a caller without the gateway signature', async () => {
    expect((await exists(null, { partnerId: BLUEPEAK.id })).status).toBe(401);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// helpers

const BLUEPEAK_P = as('PARTNER', BLUEPEAK);
const HARBOR_P = as('PARTNER', HARBOR);
const IONIC_P = as('PARTNER', IONIC);
const NORTHWIND_V = as('VENDOR', NORTHWIND);
const ATLAS_V = as('VENDOR', ATLAS);
const TESSERA_D = as('DISTRIBUTOR', TESSERA);
const MERIDIAN_D = as('DISTRIBUTOR', MERIDIAN);

const send = <T = any>(who: Identity, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
  subgraphRequest<T>(running.partner.url, query, variables, who);

async function ok<T = any>(who: Identity, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await send<T>(who, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

function expectError(response: GraphQLResponse, code: string, field?: string, message?: RegExp) {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  expect({ code: error.extensions?.code, field: error.extensions?.field }).toEqual({ code, field });
  if (message) expect(error.message).toMatch(message);
}

const query = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => running.partner.dataSource.query(sql, params);

/** Everything a failed mutation must leave as it was: every row of every table, contents not only counts. */
const snapshot = () => databaseFingerprint(db.url);
const dealCount = async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM partner.deals'))[0].n;

/** Runs a mutation that must fail, and checks it changed nothing. */
async function refused(who: Identity, mutation: string, variables: Record<string, unknown>, code: string, field?: string, message?: RegExp) {
  const before = await snapshot();
  expectError(await send(who, mutation, variables), code, field, message);
  expect(await snapshot()).toEqual(before);
}

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
let domainCounter = 0;
/** A customer domain no other test uses. */
const freshDomain = (label = 'customer') => `${label}-${process.pid}-${++domainCounter}.example.org`;

const DEAL_FIELDS = `id status version customerName customerDomain hasConflict protectionExpiresAt expectedCloseDate
  amount { amount currency } finalAmount { amount currency } distributor { id } lines { quantity product { id } }`;
const REGISTER = `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { ${DEAL_FIELDS} } }`;
const APPROVE = `mutation ($id: ID!, $v: Int!, $note: String) { approveDeal(id: $id, expectedVersion: $v, note: $note) { ${DEAL_FIELDS} } }`;
const REJECT = `mutation ($id: ID!, $v: Int!, $reason: String!) { rejectDeal(id: $id, expectedVersion: $v, reason: $reason) { ${DEAL_FIELDS} } }`;
const WITHDRAW = `mutation ($id: ID!, $v: Int!, $reason: String) { withdrawDeal(id: $id, expectedVersion: $v, reason: $reason) { ${DEAL_FIELDS} } }`;
const CLOSE = `mutation ($id: ID!, $v: Int!, $outcome: DealOutcome!, $final: MoneyInput, $reason: String) {
  closeDeal(id: $id, expectedVersion: $v, outcome: $outcome, finalAmount: $final, reason: $reason) { ${DEAL_FIELDS} } }`;

type Input = Record<string, any>;
/** A valid registration of bluepeak-it on northwind-cloud, routed through tessera-distribution (which serves it). */
const registration = (overrides: Input = {}): Input => ({
  vendorId: NORTHWIND.id,
  customerName: 'Fresh Customer',
  customerDomain: freshDomain(),
  lines: [
    { productId: NW_SEC, quantity: 3 },
    { productId: NW_ANL, quantity: 1 },
  ],
  amount: { amount: '42000.00', currency: 'USD' },
  expectedCloseDate: inDays(45),
  distributorId: TESSERA.id,
  ...overrides,
});

async function register(who: Identity = BLUEPEAK_P, overrides: Input = {}) {
  return (await ok(who, REGISTER, { input: registration(overrides) })).registerDeal;
}

const eventsOf = (dealId: string) =>
  query<{
    from_status: string | null;
    to_status: string;
    actor_subject: string;
    actor_role: string;
    actor_organization_id: string;
    reason: string | null;
    at: Date;
  }>(
    'SELECT from_status, to_status, actor_subject, actor_role, actor_organization_id, reason, at FROM partner.deal_events WHERE deal_id = $1 ORDER BY at, id',
    [dealId],
  );
const dealRow = async (dealId: string) => (await query('SELECT * FROM partner.deals WHERE id = $1', [dealId]))[0];

// ---------------------------------------------------------------------------------------------------------------

describe('customer domain normalization', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['  ACME.com  ', 'acme.com'],
    ['https://www.Acme.com/contact?x=1#top', 'acme.com'],
    ['http://acme.com:8080', 'acme.com'],
    ['//www.acme.co.uk.', 'acme.co.uk'],
    ['acme.com...', 'acme.com'],
    ['user@acme.com', 'acme.com'],
    ['www.com', 'www.com'],
    ['bücher.de', 'xn--bcher-kva.de'],
  ])('%s → %s', (input, expected) => expect(requiredDomain('d', input)).toBe(expected));

  it.each([
    '',
    '   ',
    'acme',
    'www.',
    'acme..com',
    '-acme.com',
    'acme-.com',
    '127.0.0.1',
    'acme com.org',
    'acme.com\u0000',
    'mailto:acme.com',
    'a_b.com',
    `${'a'.repeat(64)}.com`,
  ])('refuses %j', (input) =>
    expect(() => requiredDomain('input.customerDomain', input)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.customerDomain' }) }),
    ),
  );
});

describe('registerDeal', () => {
  it('registers for the calling partner: deal, lines and a SUBMITTED event in the database', async () => {
    const before = await dealCount();
    const domain = `Registered-${process.pid}.example.org`;
    const deal = await register(BLUEPEAK_P, { customerDomain: `HTTPS://www.${domain}:443/projects/`, customerName: '  Registered GmbH ' });
    expect(deal).toMatchObject({
      status: 'SUBMITTED',
      version: 1,
      customerName: 'Registered GmbH',
      customerDomain: domain.toLowerCase(),
      // the partner learns of conflicts through the decision only
      hasConflict: null,
      protectionExpiresAt: null,
      amount: { amount: '42000.00', currency: 'USD' },
      finalAmount: null,
      distributor: { id: TESSERA.id },
      lines: [
        { quantity: 3, product: { id: NW_SEC } },
        { quantity: 1, product: { id: NW_ANL } },
      ],
    });
    const row = await dealRow(deal.id);
    expect(row).toMatchObject({
      partner_id: BLUEPEAK.id,
      vendor_id: NORTHWIND.id,
      distributor_id: TESSERA.id,
      customer_domain: domain.toLowerCase(),
      amount_minor: '4200000',
      currency: 'USD',
      status: 'SUBMITTED',
      version: 1,
      protection_days: 90,
      direct_account_name: null,
      idempotency_key: null,
      protection_expires_at: null,
    });
    expect(await query('SELECT product_id, quantity, position FROM partner.deal_lines WHERE deal_id = $1 ORDER BY position', [deal.id])).toEqual([
      { product_id: NW_SEC, quantity: 3, position: 0 },
      { product_id: NW_ANL, quantity: 1, position: 1 },
    ]);
    expect(await eventsOf(deal.id)).toEqual([
      expect.objectContaining({
        from_status: null,
        to_status: 'SUBMITTED',
        actor_subject: 'user:bluepeak-it',
        actor_role: 'PARTNER',
        actor_organization_id: BLUEPEAK.id,
        reason: null,
      }),
    ]);
    expect(await dealCount()).toBe(before + 1);
    // the partner sees it among its deals
    const mine = await ok(BLUEPEAK_P, '{ deals(first: 1) { edges { node { id status } } } }');
    expect(mine.deals.edges[0].node).toEqual({ id: deal.id, status: 'SUBMITTED' });
  });

  it('registers without a distributor', async () => {
    const deal = await register(IONIC_P, {
      vendorId: ATLAS.id,
      lines: [{ productId: AM_LATHE, quantity: 2 }],
      amount: { amount: '180000', currency: 'EUR' },
      distributorId: null,
    });
    expect(deal).toMatchObject({ status: 'SUBMITTED', distributor: null, amount: { amount: '180000.00', currency: 'EUR' } });
  });

  const invalid: [string, Input, string][] = [
    ['blank customer name', { customerName: '   ' }, 'input.customerName'],
    ['a customer name with a control character', { customerName: 'Acme\u0007' }, 'input.customerName'],
    ['a customer name over 200 characters', { customerName: 'x'.repeat(201) }, 'input.customerName'],
    ['a customer domain that is not one', { customerDomain: 'not a domain' }, 'input.customerDomain'],
    ['a bare www.', { customerDomain: 'https://www./' }, 'input.customerDomain'],
    ['an IP address', { customerDomain: '10.0.0.1' }, 'input.customerDomain'],
    ['a vendor id that is not an id', { vendorId: 'northwind' }, 'input.vendorId'],
    ['a zero amount', { amount: { amount: '0.00', currency: 'USD' } }, 'input.amount.amount'],
    ['a negative amount', { amount: { amount: '-10', currency: 'USD' } }, 'input.amount.amount'],
    ['too many decimals', { amount: { amount: '10.001', currency: 'USD' } }, 'input.amount.amount'],
    ['a currency that is not ISO 4217', { amount: { amount: '10', currency: 'XYZ' } }, 'input.amount.currency'],
    ['a lower-case currency', { amount: { amount: '10', currency: 'usd' } }, 'input.amount.currency'],
    ['a close date today', { expectedCloseDate: new Date().toISOString().slice(0, 10) }, 'input.expectedCloseDate'],
    ['a close date in the past', { expectedCloseDate: '2020-01-01' }, 'input.expectedCloseDate'],
    ['a close date decades ahead', { expectedCloseDate: '2099-01-01' }, 'input.expectedCloseDate'],
    ['no lines', { lines: [] }, 'input.lines'],
    [
      'a zero quantity',
      {
        lines: [
          { productId: NW_SEC, quantity: 1 },
          { productId: NW_ANL, quantity: 0 },
        ],
      },
      'input.lines[1].quantity',
    ],
    ['a quantity over 100000', { lines: [{ productId: NW_SEC, quantity: 100_001 }] }, 'input.lines[0].quantity'],
    [
      'a product twice',
      {
        lines: [
          { productId: NW_SEC, quantity: 1 },
          { productId: NW_ANL, quantity: 1 },
          { productId: NW_SEC.toUpperCase(), quantity: 2 },
        ],
      },
      'input.lines[2].productId',
    ],
    ['a product id that is not an id', { lines: [{ productId: 'NW-SEC', quantity: 1 }] }, 'input.lines[0].productId'],
    ['a distributor id that is not an id', { distributorId: 'tessera' }, 'input.distributorId'],
    ['a blank idempotency key', { idempotencyKey: '  ' }, 'input.idempotencyKey'],
  ];
  it.each(invalid)('refuses %s (BAD_USER_INPUT naming the field), changing nothing', async (_name, overrides, field) => {
    await refused(BLUEPEAK_P, REGISTER, { input: registration(overrides) }, 'BAD_USER_INPUT', field);
  });

  it('refuses what the vendor and the distributor do not confirm, naming the field', async () => {
    await refused(
      BLUEPEAK_P,
      REGISTER,
      {
        input: registration({
          vendorId: ATLAS.id,
          lines: [{ productId: AM_LATHE, quantity: 1 }],
          amount: { amount: '1', currency: 'EUR' },
          distributorId: null,
        }),
      },
      'BAD_USER_INPUT',
      'input.vendorId',
      /bluepeak-it has no active partnership with that vendor/,
    );
    await refused(BLUEPEAK_P, REGISTER, { input: registration({ vendorId: UNKNOWN }) }, 'BAD_USER_INPUT', 'input.vendorId', /no active partnership/);
    // a product of another vendor, and one that does not exist
    await refused(
      BLUEPEAK_P,
      REGISTER,
      {
        input: registration({
          lines: [
            { productId: NW_SEC, quantity: 1 },
            { productId: AM_LATHE, quantity: 1 },
          ],
        }),
      },
      'BAD_USER_INPUT',
      'input.lines[1].productId',
    );
    await refused(
      BLUEPEAK_P,
      REGISTER,
      { input: registration({ lines: [{ productId: UNKNOWN, quantity: 1 }] }) },
      'BAD_USER_INPUT',
      'input.lines[0].productId',
    );
    // meridian carries northwind but does not serve bluepeak-it; meridian does not carry atlas; an unknown distributor carries nothing
    await refused(
      BLUEPEAK_P,
      REGISTER,
      { input: registration({ distributorId: MERIDIAN.id }) },
      'BAD_USER_INPUT',
      'input.distributorId',
      /is not a distributor you can route this deal through/,
    );
    await refused(
      IONIC_P,
      REGISTER,
      {
        input: registration({
          vendorId: ATLAS.id,
          lines: [{ productId: AM_LATHE, quantity: 1 }],
          amount: { amount: '1', currency: 'EUR' },
          distributorId: MERIDIAN.id,
        }),
      },
      'BAD_USER_INPUT',
      'input.distributorId',
      /is not a distributor you can route this deal through/,
    );
    await refused(BLUEPEAK_P, REGISTER, { input: registration({ distributorId: UNKNOWN }) }, 'BAD_USER_INPUT', 'input.distributorId');
    // referral-point sells to its customers directly: it is in no distributor's network
    await refused(
      as('PARTNER', REFERRAL_POINT),
      REGISTER,
      { input: registration({ distributorId: MERIDIAN.id }) },
      'BAD_USER_INPUT',
      'input.distributorId',
    );
  });

  it('is for partners, and distributors for a partner of their network: a vendor gets FORBIDDEN, a distributor naming no partner BAD_USER_INPUT, changing nothing', async () => {
    await refused(NORTHWIND_V, REGISTER, { input: registration() }, 'FORBIDDEN');
    // registration by a distributor: test/distributor-registration.test.ts
    await refused(TESSERA_D, REGISTER, { input: registration() }, 'BAD_USER_INPUT', 'input.partnerId');
  });

  it('keeps the vendor direct account the customer is: a DIRECT_ACCOUNT conflict', async () => {
    const deal = await register(BLUEPEAK_P, { customerDomain: 'https://www.GLOBEX.example/', customerName: 'Globex Europe' });
    expect(deal).toMatchObject({ customerDomain: 'globex.example', hasConflict: null });
    expect((await dealRow(deal.id)).direct_account_name).toBe('Globex');
    const seen = await ok(
      NORTHWIND_V,
      `query ($id: ID!) { deal(id: $id) { hasConflict conflicts { kind customerName deal { id } partner { id } } } }`,
      {
        id: deal.id,
      },
    );
    expect(seen.deal.hasConflict).toBe(true);
    expect(seen.deal.conflicts).toContainEqual({ kind: 'DIRECT_ACCOUNT', customerName: 'Globex', deal: null, partner: null });
  });
});

describe('registerDeal idempotency', () => {
  it('a retry with the same key returns the first deal; another payload with that key is a CONFLICT', async () => {
    const input = registration({ idempotencyKey: `retry-${process.pid}` });
    const first = (await ok(BLUEPEAK_P, REGISTER, { input })).registerDeal;
    const before = await snapshot();
    const again = (await ok(BLUEPEAK_P, REGISTER, { input })).registerDeal;
    expect(again).toEqual(first);
    expect(await snapshot()).toEqual(before);
    await refused(
      BLUEPEAK_P,
      REGISTER,
      { input: { ...input, amount: { amount: '1.00', currency: 'USD' } } },
      'CONFLICT',
      undefined,
      /already used for a different registration/,
    );
    // keys are per partner: another partner's same key is its own registration
    const harbors = await register(HARBOR_P, { ...input, customerDomain: freshDomain(), distributorId: MERIDIAN.id });
    expect(harbors.id).not.toBe(first.id);
  });

  it('concurrent retries with the same key create one deal, and all get it', async () => {
    const input = registration({ idempotencyKey: `concurrent-${process.pid}` });
    const before = await dealCount();
    const responses = await Promise.all(Array.from({ length: 12 }, () => send(BLUEPEAK_P, REGISTER, { input })));
    for (const response of responses) expect(response.errors).toBeUndefined();
    const ids = new Set(responses.map((r) => r.data!.registerDeal.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(await dealCount()).toBe(before + 1);
    expect(await query('SELECT count(*)::int AS n FROM partner.deals WHERE idempotency_key = $1', [input.idempotencyKey])).toEqual([{ n: 1 }]);
    expect(await eventsOf(id)).toHaveLength(1);
    expect(await query('SELECT count(*)::int AS n FROM partner.deal_lines WHERE deal_id = $1', [id])).toEqual([{ n: 2 }]);
  });
});

describe('channel conflicts between partners', () => {
  const CONFLICTS = `query ($id: ID!) { deal(id: $id) { id hasConflict conflicts { kind customerName deal { id } partner { id slug } } } }`;

  it('the later registration collides with the earlier one until that one is withdrawn; the first keeps priority', async () => {
    const domain = freshDomain('contested');
    const first = await register(BLUEPEAK_P, { customerDomain: domain });
    // bluepeak-it registering the same customer again collides with nobody (its own registrations never collide)
    const again = await register(BLUEPEAK_P, { customerDomain: domain.toUpperCase() });
    const second = await register(HARBOR_P, { customerDomain: `https://${domain}/`, distributorId: MERIDIAN.id });
    expect(second.hasConflict).toBe(null);

    const vendorView = async (id: string) => (await ok(NORTHWIND_V, CONFLICTS, { id })).deal;
    expect(await vendorView(first.id)).toEqual({ id: first.id, hasConflict: false, conflicts: [] });
    expect(await vendorView(again.id)).toEqual({ id: again.id, hasConflict: false, conflicts: [] });
    expect(await vendorView(second.id)).toEqual({
      id: second.id,
      hasConflict: true,
      conflicts: [
        { kind: 'PARTNER_REGISTRATION', customerName: null, deal: { id: first.id }, partner: { id: BLUEPEAK.id, slug: 'bluepeak-it' } },
        { kind: 'PARTNER_REGISTRATION', customerName: null, deal: { id: again.id }, partner: { id: BLUEPEAK.id, slug: 'bluepeak-it' } },
      ],
    });
    // meridian decides harbor-msp's deal: it learns that it collides, not the deals and partners outside its scope
    expect((await ok(MERIDIAN_D, CONFLICTS, { id: second.id })).deal.conflicts).toEqual([
      { kind: 'PARTNER_REGISTRATION', customerName: null, deal: null, partner: null },
      { kind: 'PARTNER_REGISTRATION', customerName: null, deal: null, partner: null },
    ]);
    // harbor-msp learns nothing before the decision; never with whom
    expect((await ok(HARBOR_P, `query ($id: ID!) { deal(id: $id) { hasConflict } }`, { id: second.id })).deal.hasConflict).toBe(null);
    expectError(await send(HARBOR_P, CONFLICTS, { id: second.id }), 'FORBIDDEN');

    await ok(BLUEPEAK_P, WITHDRAW, { id: first.id, v: 1 });
    expect((await vendorView(second.id)).conflicts).toEqual([expect.objectContaining({ deal: { id: again.id } })]);
    await ok(BLUEPEAK_P, WITHDRAW, { id: again.id, v: 1, reason: 'Customer went with harbor-msp' });
    expect(await vendorView(second.id)).toEqual({ id: second.id, hasConflict: false, conflicts: [] });
  });

  it('computes conflicts for a whole list in one statement', async () => {
    running.partner.sql.reset();
    const data = await ok(NORTHWIND_V, '{ deals(first: 50) { edges { node { id hasConflict conflicts { kind } } } } }');
    expect(data.deals.edges).toHaveLength(50);
    expect(data.deals.edges.some((e: any) => e.node.hasConflict)).toBe(true);
    expect(running.partner.sql.statements.filter((sql) => sql.includes('JOIN deals o'))).toHaveLength(1);
  });
});

describe('approveDeal and rejectDeal', () => {
  it('the distributor the deal is routed to approves it: protected for the program days, with an event', async () => {
    const deal = await register();
    const approved = (await ok(TESSERA_D, APPROVE, { id: deal.id, v: 1, note: 'Looks good' })).approveDeal;
    expect(approved).toMatchObject({ id: deal.id, status: 'APPROVED', version: 2 });
    const expires = new Date(approved.protectionExpiresAt).getTime();
    expect(Math.abs(expires - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
    const row = await dealRow(deal.id);
    expect(row).toMatchObject({ status: 'APPROVED', version: 2 });
    expect(row.protection_expires_at.getTime()).toBe(expires);
    expect(await eventsOf(deal.id)).toEqual([
      expect.objectContaining({ to_status: 'SUBMITTED' }),
      expect.objectContaining({
        from_status: 'SUBMITTED',
        to_status: 'APPROVED',
        actor_subject: 'user:tessera-distribution',
        actor_role: 'DISTRIBUTOR',
        actor_organization_id: TESSERA.id,
        reason: 'Looks good',
      }),
    ]);
    const history = await ok(
      TESSERA_D,
      `query ($id: ID!) { deal(id: $id) { history { totalCount edges { node { fromStatus toStatus actorRole reason } } } } }`,
      { id: deal.id },
    );
    expect(history.deal.history.totalCount).toBe(2);
    expect(history.deal.history.edges[1].node).toEqual({
      fromStatus: 'SUBMITTED',
      toStatus: 'APPROVED',
      actorRole: 'DISTRIBUTOR',
      reason: 'Looks good',
    });
  });

  it('the vendor approves or rejects as an override, also deals routed to no distributor', async () => {
    const direct = await register(BLUEPEAK_P, { distributorId: null });
    expect((await ok(NORTHWIND_V, APPROVE, { id: direct.id.toUpperCase(), v: 1 })).approveDeal).toMatchObject({ status: 'APPROVED', version: 2 });
    const routed = await register();
    const rejected = (await ok(NORTHWIND_V, REJECT, { id: routed.id, v: 1, reason: '  Customer is handled by our enterprise team  ' })).rejectDeal;
    expect(rejected).toMatchObject({ status: 'REJECTED', version: 2, protectionExpiresAt: null });
    expect((await eventsOf(routed.id))[1]).toMatchObject({
      from_status: 'SUBMITTED',
      to_status: 'REJECTED',
      actor_role: 'VENDOR',
      actor_organization_id: NORTHWIND.id,
      reason: 'Customer is handled by our enterprise team',
    });
  });

  it("refuses deals outside the caller's scope as NOT_FOUND, other roles as FORBIDDEN, changing nothing", async () => {
    const deal = await register(); // routed to tessera
    const direct = await register(BLUEPEAK_P, { distributorId: null });
    await refused(MERIDIAN_D, APPROVE, { id: deal.id, v: 1 }, 'NOT_FOUND'); // routed to another distributor
    await refused(TESSERA_D, APPROVE, { id: direct.id, v: 1 }, 'NOT_FOUND'); // routed to none
    await refused(ATLAS_V, APPROVE, { id: deal.id, v: 1 }, 'NOT_FOUND'); // another vendor's
    await refused(ATLAS_V, REJECT, { id: deal.id, v: 1, reason: 'no' }, 'NOT_FOUND');
    await refused(NORTHWIND_V, APPROVE, { id: UNKNOWN, v: 1 }, 'NOT_FOUND');
    await refused(NORTHWIND_V, APPROVE, { id: 'not-an-id', v: 1 }, 'NOT_FOUND');
    await refused(BLUEPEAK_P, APPROVE, { id: deal.id, v: 1 }, 'FORBIDDEN');
    await refused(BLUEPEAK_P, REJECT, { id: deal.id, v: 1, reason: 'no' }, 'FORBIDDEN');
  });

  it('refuses a stale version, an illegal transition and a missing reason', async () => {
    const deal = await register();
    await refused(TESSERA_D, APPROVE, { id: deal.id, v: 2 }, 'CONFLICT', undefined, /version is now 1/);
    await refused(TESSERA_D, APPROVE, { id: deal.id, v: 0 }, 'BAD_USER_INPUT', 'expectedVersion');
    await refused(TESSERA_D, REJECT, { id: deal.id, v: 1, reason: '  ' }, 'BAD_USER_INPUT', 'reason');
    await refused(TESSERA_D, REJECT, { id: deal.id, v: 1, reason: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'reason');
    await refused(TESSERA_D, APPROVE, { id: deal.id, v: 1, note: 'bad \u0001 note' }, 'BAD_USER_INPUT', 'note');
    await ok(TESSERA_D, REJECT, { id: deal.id, v: 1, reason: 'Duplicate of an earlier registration' });
    await refused(TESSERA_D, APPROVE, { id: deal.id, v: 2 }, 'CONFLICT', undefined, /is REJECTED: only a SUBMITTED deal can be approved/);
    await refused(NORTHWIND_V, REJECT, { id: deal.id, v: 1, reason: 'again' }, 'CONFLICT', undefined, /version is now 2/);
  });

  it('50 concurrent approvals by the routed distributor and the vendor: exactly one wins, the rest CONFLICT', async () => {
    const deal = await register();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(i % 2 ? NORTHWIND_V : TESSERA_D, APPROVE, { id: deal.id, v: 1, note: `approval ${i}` })),
    );
    const wins = responses.filter((r) => !r.errors);
    const conflicts = responses.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(wins).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    for (const r of conflicts) expect(r.errors![0].message).toMatch(/version is now 2/);
    expect(await dealRow(deal.id)).toMatchObject({ status: 'APPROVED', version: 2 });
    const approvals = (await eventsOf(deal.id)).filter((e) => e.to_status === 'APPROVED');
    expect(approvals).toHaveLength(1);
    const winner = responses.indexOf(wins[0]);
    expect(approvals[0]).toMatchObject({ reason: `approval ${winner}`, actor_role: winner % 2 ? 'VENDOR' : 'DISTRIBUTOR' });
  });
});

describe('withdrawDeal', () => {
  it('the partner withdraws its own submitted registration', async () => {
    const deal = await register();
    const withdrawn = (await ok(BLUEPEAK_P, WITHDRAW, { id: deal.id, v: 1, reason: 'Customer postponed' })).withdrawDeal;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', version: 2 });
    expect((await eventsOf(deal.id))[1]).toMatchObject({
      from_status: 'SUBMITTED',
      to_status: 'WITHDRAWN',
      actor_subject: 'user:bluepeak-it',
      actor_role: 'PARTNER',
      actor_organization_id: BLUEPEAK.id,
      reason: 'Customer postponed',
    });
  });

  it("refuses another partner's deal (NOT_FOUND), other roles (FORBIDDEN), and decided deals (CONFLICT)", async () => {
    const deal = await register();
    await refused(HARBOR_P, WITHDRAW, { id: deal.id, v: 1 }, 'NOT_FOUND');
    await refused(NORTHWIND_V, WITHDRAW, { id: deal.id, v: 1 }, 'FORBIDDEN');
    await refused(TESSERA_D, WITHDRAW, { id: deal.id, v: 1 }, 'FORBIDDEN');
    await ok(TESSERA_D, APPROVE, { id: deal.id, v: 1 });
    await refused(BLUEPEAK_P, WITHDRAW, { id: deal.id, v: 2 }, 'CONFLICT', undefined, /is APPROVED/);
    await refused(BLUEPEAK_P, WITHDRAW, { id: deal.id, v: 1 }, 'CONFLICT', undefined, /version is now 2/);
  });
});

describe('closeDeal', () => {
  async function approvedDeal() {
    const deal = await register();
    await ok(TESSERA_D, APPROVE, { id: deal.id, v: 1 });
    return deal;
  }

  it('the partner closes its approved deal as WON with the final amount', async () => {
    const deal = await approvedDeal();
    const won = (await ok(BLUEPEAK_P, CLOSE, { id: deal.id, v: 2, outcome: 'WON', final: { amount: '39999.99', currency: 'USD' } })).closeDeal;
    expect(won).toMatchObject({ status: 'WON', version: 3, finalAmount: { amount: '39999.99', currency: 'USD' } });
    expect(await dealRow(deal.id)).toMatchObject({ status: 'WON', final_amount_minor: '3999999', version: 3 });
    expect((await eventsOf(deal.id)).map((e) => `${e.from_status}>${e.to_status}:${e.actor_role}`)).toEqual([
      'null>SUBMITTED:PARTNER',
      'SUBMITTED>APPROVED:DISTRIBUTOR',
      'APPROVED>WON:PARTNER',
    ]);
  });

  it('keeps the closing time on the deal (closed_at, what analytics read): unset until it closes, then its closing event time', async () => {
    const deal = await approvedDeal();
    expect((await dealRow(deal.id)).closed_at).toBeNull();
    await ok(BLUEPEAK_P, CLOSE, { id: deal.id, v: 2, outcome: 'WON', final: { amount: '100', currency: 'USD' } });
    expect((await dealRow(deal.id)).closed_at).toEqual((await eventsOf(deal.id))[2].at);
    const lost = await approvedDeal();
    await ok(NORTHWIND_V, CLOSE, { id: lost.id, v: 2, outcome: 'LOST' });
    expect((await dealRow(lost.id)).closed_at).toEqual((await eventsOf(lost.id))[2].at);
    const rejected = await register();
    await ok(TESSERA_D, REJECT, { id: rejected.id, v: 1, reason: 'Duplicate' });
    expect((await dealRow(rejected.id)).closed_at).toBeNull();
  });

  it('the vendor closes one as LOST, with a reason', async () => {
    const deal = await approvedDeal();
    expect((await ok(NORTHWIND_V, CLOSE, { id: deal.id, v: 2, outcome: 'LOST', reason: 'Lost to a competitor' })).closeDeal).toMatchObject({
      status: 'LOST',
      finalAmount: null,
    });
    expect((await eventsOf(deal.id))[2]).toMatchObject({
      from_status: 'APPROVED',
      to_status: 'LOST',
      actor_role: 'VENDOR',
      reason: 'Lost to a competitor',
    });
  });

  it('refuses a WON without final amount, a LOST with one, another currency, and non-positive amounts', async () => {
    const deal = await approvedDeal();
    await refused(BLUEPEAK_P, CLOSE, { id: deal.id, v: 2, outcome: 'WON' }, 'BAD_USER_INPUT', 'finalAmount');
    await refused(
      BLUEPEAK_P,
      CLOSE,
      { id: deal.id, v: 2, outcome: 'LOST', final: { amount: '10', currency: 'USD' } },
      'BAD_USER_INPUT',
      'finalAmount',
    );
    await refused(
      BLUEPEAK_P,
      CLOSE,
      { id: deal.id, v: 2, outcome: 'WON', final: { amount: '10', currency: 'EUR' } },
      'BAD_USER_INPUT',
      'finalAmount.currency',
    );
    await refused(
      BLUEPEAK_P,
      CLOSE,
      { id: deal.id, v: 2, outcome: 'WON', final: { amount: '0', currency: 'USD' } },
      'BAD_USER_INPUT',
      'finalAmount.amount',
    );
    await refused(BLUEPEAK_P, CLOSE, { id: deal.id, v: 2, outcome: 'WON', final: { amount: 'lots', currency: 'USD' } }, 'BAD_USER_INPUT');
  });

  it('refuses a deal that is not approved, out-of-scope callers and the distributor', async () => {
    const submitted = await register();
    await refused(
      BLUEPEAK_P,
      CLOSE,
      { id: submitted.id, v: 1, outcome: 'LOST' },
      'CONFLICT',
      undefined,
      /is SUBMITTED: only a APPROVED deal can be closed/,
    );
    const deal = await approvedDeal();
    await refused(HARBOR_P, CLOSE, { id: deal.id, v: 2, outcome: 'LOST' }, 'NOT_FOUND');
    await refused(ATLAS_V, CLOSE, { id: deal.id, v: 2, outcome: 'LOST' }, 'NOT_FOUND');
    await refused(TESSERA_D, CLOSE, { id: deal.id, v: 2, outcome: 'LOST' }, 'FORBIDDEN');
    await refused(BLUEPEAK_P, CLOSE, { id: deal.id, v: 1, outcome: 'LOST' }, 'CONFLICT', undefined, /version is now 2/);
    await ok(BLUEPEAK_P, CLOSE, { id: deal.id, v: 2, outcome: 'LOST' });
    await refused(NORTHWIND_V, CLOSE, { id: deal.id, v: 3, outcome: 'LOST' }, 'CONFLICT', undefined, /is LOST/);
  });
});

/** An approved deal whose protection ended yesterday, set directly in SQL (no sweep has run). */
async function expiredDeal(overrides: Input = {}) {
  const deal = await register(BLUEPEAK_P, overrides);
  await ok(TESSERA_D, APPROVE, { id: deal.id, v: 1 });
  await query(`UPDATE partner.deals SET protection_expires_at = now() - interval '1 day' WHERE id = $1`, [deal.id]);
  return deal;
}

describe('expiry', () => {
  it('an approved deal past its protection reads as EXPIRED everywhere before any sweep', async () => {
    const deal = await expiredDeal();
    expect((await dealRow(deal.id)).status).toBe('APPROVED');
    for (const who of [BLUEPEAK_P, NORTHWIND_V, TESSERA_D]) {
      expect((await ok(who, `query ($id: ID!) { deal(id: $id) { status } }`, { id: deal.id })).deal.status).toBe('EXPIRED');
    }
    const filtered = async (status: string[]) =>
      (
        await ok(NORTHWIND_V, `query ($f: DealFilter) { deals(filter: $f, first: 100) { edges { node { id } } } }`, {
          f: { status, partnerId: BLUEPEAK.id },
        })
      ).deals.edges.map((e: any) => e.node.id);
    expect(await filtered(['EXPIRED'])).toContain(deal.id);
    expect(await filtered(['APPROVED'])).not.toContain(deal.id);
    const viaVendor = await ok(
      NORTHWIND_V,
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Vendor { deals(filter: { status: [EXPIRED] }, first: 100) { edges { node { id status } } } } } }`,
      { reps: [{ __typename: 'Vendor', id: NORTHWIND.id }] },
    );
    expect(viaVendor._entities[0].deals.edges).toContainEqual({ node: { id: deal.id, status: 'EXPIRED' } });
    // it can no longer be closed
    await refused(BLUEPEAK_P, CLOSE, { id: deal.id, v: 2, outcome: 'LOST' }, 'CONFLICT', undefined, /is EXPIRED/);
  });

  it('an expired registration no longer holds its customer: a later one has no conflict with it', async () => {
    const domain = freshDomain('expired');
    const deal = await expiredDeal({ customerDomain: domain });
    const later = await register(HARBOR_P, { customerDomain: domain, distributorId: MERIDIAN.id });
    const vendorSees = async () => (await ok(NORTHWIND_V, `query ($id: ID!) { deal(id: $id) { hasConflict } }`, { id: later.id })).deal.hasConflict;
    expect(await vendorSees()).toBe(false);
    await query(`UPDATE partner.deals SET protection_expires_at = now() + interval '1 day' WHERE id = $1`, [deal.id]);
    expect(await vendorSees()).toBe(true);
    await query(`UPDATE partner.deals SET protection_expires_at = now() - interval '1 day' WHERE id = $1`, [deal.id]);
  });

  it('expireDeals persists it once: status EXPIRED, version bumped, an event by system:expiry for the vendor', async () => {
    const deal = await expiredDeal();
    const protectedOne = await register();
    await ok(TESSERA_D, APPROVE, { id: protectedOne.id, v: 1 });
    const expired = await expireDeals(running.partner.dataSource);
    expect(expired).toContain(deal.id);
    expect(expired).not.toContain(protectedOne.id);
    expect(await dealRow(deal.id)).toMatchObject({ status: 'EXPIRED', version: 3 });
    expect(await dealRow(protectedOne.id)).toMatchObject({ status: 'APPROVED', version: 2 });
    const events = await eventsOf(deal.id);
    expect(events.map((e) => e.to_status)).toEqual(['SUBMITTED', 'APPROVED', 'EXPIRED']);
    expect(events[2]).toMatchObject({
      from_status: 'APPROVED',
      actor_subject: 'system:expiry',
      actor_role: 'VENDOR',
      actor_organization_id: NORTHWIND.id,
    });
    // nothing stored as APPROVED is past its protection any more; a second run expires nothing
    expect(await query(`SELECT count(*)::int AS n FROM partner.deals WHERE status = 'APPROVED' AND protection_expires_at < now()`)).toEqual([
      { n: 0 },
    ]);
    const before = await snapshot();
    expect(await expireDeals(running.partner.dataSource)).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect((await ok(NORTHWIND_V, `query ($id: ID!) { deal(id: $id) { status version } }`, { id: deal.id })).deal).toEqual({
      status: 'EXPIRED',
      version: 3,
    });
  });
});

describe('Distributor.approvalQueue', () => {
  const QUEUE = `query ($reps: [_Any!]!, $first: Int, $after: String) { _entities(representations: $reps) {
    ... on Distributor { approvalQueue(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } } } }`;
  const queueOf = async (who: Identity, distributorId: string, first = 100, after: string | null = null) =>
    (await ok(who, QUEUE, { reps: [{ __typename: 'Distributor', id: distributorId }], first, after }))._entities[0].approvalQueue;

  it('lists the submitted deals routed to the distributor, oldest first, page by page; decided deals leave it', async () => {
    const deal = await register();
    const expected = (
      await query<{ id: string }>(`SELECT id FROM partner.deals WHERE distributor_id = $1 AND status = 'SUBMITTED' ORDER BY created_at, id`, [
        TESSERA.id,
      ])
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(5);
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await queueOf(TESSERA_D, TESSERA.id, 4, after);
      expect(page.totalCount).toBe(expected.length);
      ids.push(...page.edges.map((e: any) => e.node.id));
      expect(page.edges.every((e: any) => e.node.status === 'SUBMITTED')).toBe(true);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(expected);
    expect(ids[ids.length - 1]).toBe(deal.id);
    await ok(TESSERA_D, APPROVE, { id: deal.id, v: 1 });
    expect((await queueOf(TESSERA_D, TESSERA.id)).edges.map((e: any) => e.node.id)).not.toContain(deal.id);
  });

  it("is the distributor's own: another distributor's queue is null, other roles FORBIDDEN", async () => {
    expect(await queueOf(MERIDIAN_D, TESSERA.id)).toBeNull();
    const meridian = await queueOf(MERIDIAN_D, MERIDIAN.id);
    const expected = await query(`SELECT count(*)::int AS n FROM partner.deals WHERE distributor_id = $1 AND status = 'SUBMITTED'`, [MERIDIAN.id]);
    expect(meridian.totalCount).toBe(expected[0].n);
    expectError(await send(NORTHWIND_V, QUEUE, { reps: [{ __typename: 'Distributor', id: TESSERA.id }] }), 'FORBIDDEN');
  });
});

describe('Vendor.pipeline', () => {
  const PIPELINE = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Vendor { id pipeline { status count amounts { amount currency } } } } }`;

  it("counts and sums the vendor's deals per status as they read now (all seven, in lifecycle order), exactly", async () => {
    await expiredDeal();
    const data = await ok(NORTHWIND_V, PIPELINE, { reps: [{ __typename: 'Vendor', id: NORTHWIND.id }] });
    const rows = await query<{ status: string; protection_expires_at: Date | null; amount_minor: string; currency: string }>(
      'SELECT status, protection_expires_at, amount_minor, currency FROM partner.deals WHERE vendor_id = $1',
      [NORTHWIND.id],
    );
    const now = Date.now();
    const statuses = ['SUBMITTED', 'APPROVED', 'REJECTED', 'WON', 'LOST', 'EXPIRED', 'WITHDRAWN'];
    const expected = statuses.map((status) => {
      const inStage = rows.filter(
        (r) => (r.status === 'APPROVED' && r.protection_expires_at && r.protection_expires_at.getTime() < now ? 'EXPIRED' : r.status) === status,
      );
      const sums = new Map<string, bigint>();
      for (const r of inStage) sums.set(r.currency, (sums.get(r.currency) ?? 0n) + BigInt(r.amount_minor));
      return {
        status,
        count: inStage.length,
        amounts: [...sums].sort().map(([currency, minor]) => ({ amount: `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`, currency })),
      };
    });
    expect(data._entities[0]).toEqual({ id: NORTHWIND.id, pipeline: expected });
    expect(expected.find((s) => s.status === 'EXPIRED')!.count).toBeGreaterThan(0);
  });

  it("includes empty stages, and is the vendor's own: another vendor's is null, other roles FORBIDDEN", async () => {
    const atlas = (
      await ok(ATLAS_V, PIPELINE, {
        reps: [
          { __typename: 'Vendor', id: ATLAS.id },
          { __typename: 'Vendor', id: NORTHWIND.id },
        ],
      })
    )._entities;
    expect(atlas[0].pipeline.map((s: any) => s.status)).toEqual(['SUBMITTED', 'APPROVED', 'REJECTED', 'WON', 'LOST', 'EXPIRED', 'WITHDRAWN']);
    expect(atlas[1].pipeline).toBeNull();
    expectError(await send(TESSERA_D, PIPELINE, { reps: [{ __typename: 'Vendor', id: NORTHWIND.id }] }), 'FORBIDDEN');
    // a vendor without deals: every stage at zero
    const none = await ok(as('VENDOR', { id: UNKNOWN, slug: 'nobody' }), PIPELINE, { reps: [{ __typename: 'Vendor', id: UNKNOWN }] });
    expect(none._entities[0].pipeline).toEqual(
      ['SUBMITTED', 'APPROVED', 'REJECTED', 'WON', 'LOST', 'EXPIRED', 'WITHDRAWN'].map((status) => ({ status, count: 0, amounts: [] })),
    );
  });
});

describe('through the gateway', () => {
  it('a partner registers, the distributor sees it in its queue with who it collides with, approves it; the vendor sees its pipeline', async () => {
    const stack = await startTestStack(db.url);
    try {
      const domain = freshDomain('gateway');
      const earlier = await register(IONIC_P, { customerDomain: domain });
      const registered = await stack.as(
        'bluepeak-it',
        `mutation ($input: RegisterDealInput!) {
        registerDeal(input: $input) { id status version hasConflict partner { slug } vendor { slug } distributor { slug } lines { quantity product { sku } } } }`,
        { input: registration({ customerDomain: domain, lines: [{ productId: NW_SEC, quantity: 2 }] }) },
      );
      expect(registered.errors).toBeUndefined();
      const deal = registered.data!.registerDeal;
      expect(deal).toMatchObject({
        status: 'SUBMITTED',
        version: 1,
        hasConflict: null,
        partner: { slug: 'bluepeak-it' },
        vendor: { slug: 'northwind-cloud' },
        distributor: { slug: 'tessera-distribution' },
        lines: [{ quantity: 2, product: { sku: 'NW-SEC' } }],
      });

      // the partner may not see with whom it collides (filtered at the gateway), nor, before the decision, that it does
      const partnerView = await stack.as('bluepeak-it', `query ($id: ID!) { deal(id: $id) { hasConflict conflicts { kind } } }`, { id: deal.id });
      expect(partnerView.data!.deal).toEqual({ hasConflict: null, conflicts: null });
      expect(partnerView.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const queue = await stack.as(
        'tessera-distribution',
        `{ me { distributor { approvalQueue(first: 100) { edges { node { id conflicts { kind deal { id } partner { slug } } } } } } } }`,
      );
      expect(queue.errors).toBeUndefined();
      const queued = queue.data!.me.distributor.approvalQueue.edges.find((e: any) => e.node.id === deal.id);
      expect(queued.node.conflicts).toEqual([{ kind: 'PARTNER_REGISTRATION', deal: { id: earlier.id }, partner: { slug: 'ionic-integrators' } }]);

      const approved = await stack.as(
        'tessera-distribution',
        `mutation ($id: ID!) { approveDeal(id: $id, expectedVersion: 1) { status version history { edges { node { toStatus actorRole } } } } }`,
        { id: deal.id },
      );
      expect(approved.errors).toBeUndefined();
      expect(approved.data!.approveDeal).toEqual({
        status: 'APPROVED',
        version: 2,
        history: { edges: [{ node: { toStatus: 'SUBMITTED', actorRole: 'PARTNER' } }, { node: { toStatus: 'APPROVED', actorRole: 'DISTRIBUTOR' } }] },
      });

      // a partner may not approve: refused by the gateway's rules before any subgraph is asked
      const before = await snapshot();
      const refusedByGateway = await stack.as('bluepeak-it', `mutation ($id: ID!) { approveDeal(id: $id, expectedVersion: 2) { id } }`, {
        id: deal.id,
      });
      expect(refusedByGateway.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);

      const pipeline = await stack.as('northwind-cloud', `{ me { vendor { pipeline { status count amounts { amount currency } } } } }`);
      expect(pipeline.errors).toBeUndefined();
      expect(pipeline.data!.me.vendor.pipeline.map((s: any) => s.status)).toEqual([
        'SUBMITTED',
        'APPROVED',
        'REJECTED',
        'WON',
        'LOST',
        'EXPIRED',
        'WITHDRAWN',
      ]);
      expect(pipeline.data!.me.vendor.pipeline.find((s: any) => s.status === 'APPROVED').count).toBeGreaterThan(0);
    } finally {
      await stack.stop();
    }
  });
});
