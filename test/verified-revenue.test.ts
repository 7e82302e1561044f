import { Client } from 'pg';
import { ATLAS, BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, REFERRAL_POINT, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { useTestStack } from './support/stack';
import { expectRefused } from './support/snapshot';

/**
 * Verified revenue (DESIGN §7, issue 13.3) through the gateway: closeDeal(WON) is the claim (reportedAmount, at most
 * ten times the registered amount); verifyDealRevenue by the vendor or the routed distributor confirms it; the
 * leaderboard and the scorecard count verified revenue and show the unverified claims beside it.
 *
 * Every figure below is worked out by hand from the deals this file makes, all Northwind (USD), all closed today,
 * after the demo's last closing (2026-11-01): the period PERIOD holds these and nothing else.
 *
 * | partner         | registered | claim (closeDeal WON)  | verified                              | revenue | unverified |
 * |-----------------|------------|------------------------|---------------------------------------|---------|------------|
 * | harbor-msp      | 2000.00    | 2000.00                | 1800.00 by the vendor                 | 1800.00 |    0.00    |
 * | bluepeak-it     | 1000.00    | 1200.00 (via tessera)  | 1100.00 by tessera                    | 1100.00 |  450.00    |
 * |                 |  500.00    |  450.00 (via tessera)  | —                                     |         |            |
 * | ionic-integrators | 1000.00  |  900.00 closed by the vendor: verified at once                 |  900.00 |    0.00    |
 * | referral-point  | 1000.00    | 9999.99                | —                                     | (not ranked: nothing verified) |
 */
const stack = useTestStack();
const eco = demoEcosystem();
const NW_SEC = eco.products.find((p) => p.sku === 'NW-SEC')!.id;
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
const PERIOD = { from: '2026-11-02', to: '2030-11-01' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let domains = 0;
const freshDomain = (label = 'verified') => `${label}-${process.pid}-${++domains}.example`;

const DEAL = `id status version hasConflict amount { amount currency } finalAmount { amount } reportedAmount { amount currency }
  verifiedAmount { amount currency } verifiedAt verifiedBy { subject role organizationId }`;
const REGISTER = `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { ${DEAL} } }`;
const APPROVE = `mutation ($id: ID!, $v: Int!) { approveDeal(id: $id, expectedVersion: $v) { ${DEAL} } }`;
const REJECT = `mutation ($id: ID!, $v: Int!) { rejectDeal(id: $id, expectedVersion: $v, reason: "Named account") { ${DEAL} } }`;
const WITHDRAW = `mutation ($id: ID!, $v: Int!) { withdrawDeal(id: $id, expectedVersion: $v) { ${DEAL} } }`;
const CLOSE = `mutation ($id: ID!, $v: Int!, $final: MoneyInput) { closeDeal(id: $id, expectedVersion: $v, outcome: WON, finalAmount: $final) { ${DEAL} } }`;
const VERIFY = `mutation ($id: ID!, $v: Int!, $amount: MoneyInput!, $note: String) {
  verifyDealRevenue(id: $id, expectedVersion: $v, amount: $amount, note: $note) { ${DEAL} } }`;
const HISTORY = `query ($id: ID!) { deal(id: $id) { history(first: 20) { edges { node { kind fromStatus toStatus amount { amount currency } actorRole actorOrganizationId actorSubject reason } } } } }`;
const usd = (amount: string) => ({ amount, currency: 'USD' });

async function ok(slug: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await stack.as(slug, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const refused = (slug: string, query: string, variables: Record<string, unknown>, code: string, field?: string) =>
  expectRefused(stack.databaseUrl, () => stack.as(slug, query, variables), code, field);

async function register(slug: string, amount: string, distributorId: string | null, domain = freshDomain()) {
  const input = {
    vendorId: NORTHWIND.id,
    customerName: 'Verified Customer',
    customerDomain: domain,
    lines: [{ productId: NW_SEC, quantity: 1 }],
    amount: usd(amount),
    expectedCloseDate: inDays(60),
    distributorId,
  };
  return (await ok(slug, REGISTER, { input })).registerDeal;
}

/** Registered, approved by `approver`, closed WON by `closer` with `claim`: the deal as the closer read it. */
async function wonDeal(slug: string, amount: string, distributorId: string | null, approver: string, claim: string, closer = slug) {
  const deal = await register(slug, amount, distributorId);
  await ok(approver, APPROVE, { id: deal.id, v: 1 });
  return (await ok(closer, CLOSE, { id: deal.id, v: 2, final: usd(claim) })).closeDeal;
}

async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe('what counts: verified revenue, the unverified beside it', () => {
  const TOP = `query ($id: ID!, $period: PeriodInput!, $metric: LeaderboardMetric) { vendor(id: $id) {
    topPartners(period: $period, metric: $metric, currency: "USD", limit: 10) { rank partner { slug } revenue { amount } unverifiedRevenue { amount } wonDeals } } }`;
  const SCORECARD = `{ me { partner { partnerships { vendor { id } scorecard(period: { from: "${PERIOD.from}", to: "${PERIOD.to}" }) {
    revenue { amount currency } unverifiedRevenue { amount currency } wonDeals } } } } }`;

  it('ranks by verified revenue only and shows the unverified claims beside (the table above)', async () => {
    // first in this file: no deal closed in the period yet but these
    const harbor = await wonDeal(HARBOR.slug, '2000.00', null, NORTHWIND.slug, '2000.00');
    await ok(NORTHWIND.slug, VERIFY, { id: harbor.id, v: 3, amount: usd('1800.00') });
    const bluepeak = await wonDeal(BLUEPEAK.slug, '1000.00', TESSERA.id, TESSERA.slug, '1200.00');
    await ok(TESSERA.slug, VERIFY, { id: bluepeak.id, v: 3, amount: usd('1100.00') });
    await wonDeal(BLUEPEAK.slug, '500.00', TESSERA.id, TESSERA.slug, '450.00');
    await wonDeal(IONIC.slug, '1000.00', null, NORTHWIND.slug, '900.00', NORTHWIND.slug);
    await wonDeal(REFERRAL_POINT.slug, '1000.00', null, NORTHWIND.slug, '9999.99');

    const revenue = (await ok(NORTHWIND.slug, TOP, { id: NORTHWIND.id, period: PERIOD })).vendor.topPartners;
    expect(revenue).toEqual([
      { rank: 1, partner: { slug: HARBOR.slug }, revenue: { amount: '1800.00' }, unverifiedRevenue: { amount: '0.00' }, wonDeals: 1 },
      { rank: 2, partner: { slug: BLUEPEAK.slug }, revenue: { amount: '1100.00' }, unverifiedRevenue: { amount: '450.00' }, wonDeals: 2 },
      { rank: 3, partner: { slug: IONIC.slug }, revenue: { amount: '900.00' }, unverifiedRevenue: { amount: '0.00' }, wonDeals: 1 },
    ]);
    const won = (await ok(NORTHWIND.slug, TOP, { id: NORTHWIND.id, period: PERIOD, metric: 'WON_DEALS' })).vendor.topPartners;
    expect(won.map((r: any) => [r.rank, r.partner.slug, r.revenue.amount, r.unverifiedRevenue.amount])).toEqual([
      [1, BLUEPEAK.slug, '1100.00', '450.00'],
      [2, HARBOR.slug, '1800.00', '0.00'],
      [2, IONIC.slug, '900.00', '0.00'],
      [2, REFERRAL_POINT.slug, '0.00', '9999.99'],
    ]);

    // the partnership scorecard: verified revenue (+ sell-through: none in the period), the claims beside
    const cards = (await ok(BLUEPEAK.slug, SCORECARD)).me.partner.partnerships;
    expect(cards.find((p: any) => p.vendor.id === NORTHWIND.id).scorecard).toEqual({
      revenue: usd('1100.00'),
      unverifiedRevenue: usd('450.00'),
      wonDeals: 2,
    });
    const referral = (await ok(REFERRAL_POINT.slug, SCORECARD)).me.partner.partnerships;
    expect(referral.find((p: any) => p.vendor.id === NORTHWIND.id).scorecard).toEqual({
      revenue: usd('0.00'),
      unverifiedRevenue: usd('9999.99'),
      wonDeals: 1,
    });
  });
});

describe('closeDeal WON: the claim', () => {
  it('records reportedAmount, unverified; a claim above ten times the registered amount is refused, writing nothing', async () => {
    const deal = await register('bluepeak-it', '1000.00', TESSERA.id);
    await ok('tessera-distribution', APPROVE, { id: deal.id, v: 1 });
    const response = await refused(
      'bluepeak-it',
      CLOSE,
      { id: deal.id, v: 2, final: usd('999999999999999.99') },
      'BAD_USER_INPUT',
      'finalAmount.amount',
    );
    expect(response.errors![0].message).toBe(
      'finalAmount.amount: 999999999999999.99 USD is more than ten times the registered 1000.00 USD (at most 10000.00 USD): ' +
        'check the figure for a typo; a deal that really grew beyond that needs a new registration at its size.',
    );
    await refused('bluepeak-it', CLOSE, { id: deal.id, v: 2, final: usd('10000.01') }, 'BAD_USER_INPUT', 'finalAmount.amount');
    await refused(
      'bluepeak-it',
      CLOSE,
      { id: deal.id, v: 2, final: { amount: '100.00', currency: 'EUR' } },
      'BAD_USER_INPUT',
      'finalAmount.currency',
    );
    // exactly ten times is a claim like any other
    const won = (await ok('bluepeak-it', CLOSE, { id: deal.id, v: 2, final: usd('10000.00') })).closeDeal;
    expect(won).toMatchObject({
      status: 'WON',
      version: 3,
      finalAmount: { amount: '10000.00' },
      reportedAmount: usd('10000.00'),
      verifiedAmount: null,
      verifiedAt: null,
      verifiedBy: null,
    });
    const history = (await ok('bluepeak-it', HISTORY, { id: deal.id })).deal.history.edges.map((e: any) => e.node);
    expect(history.at(-1)).toMatchObject({ kind: 'STATUS_CHANGE', fromStatus: 'APPROVED', toStatus: 'WON', amount: usd('10000.00') });
  });

  it("the vendor's own WON close is verified at once, by the vendor, with its event", async () => {
    const won = await wonDeal(IONIC.slug, '1000.00', null, NORTHWIND.slug, '900.00', NORTHWIND.slug);
    // two events (the close, the verification), two versions
    expect(won).toMatchObject({
      version: 4,
      reportedAmount: usd('900.00'),
      verifiedAmount: usd('900.00'),
      verifiedBy: { subject: 'user:northwind-cloud', role: 'VENDOR', organizationId: NORTHWIND.id },
    });
    const history = (await ok(IONIC.slug, HISTORY, { id: won.id })).deal.history.edges.map((e: any) => e.node);
    expect(history.slice(-2)).toEqual([
      expect.objectContaining({ kind: 'STATUS_CHANGE', toStatus: 'WON', amount: usd('900.00'), actorRole: 'VENDOR' }),
      // the partner sees who verified by role and organization, not the vendor's person
      expect.objectContaining({
        kind: 'REVENUE_VERIFIED',
        fromStatus: 'WON',
        toStatus: 'WON',
        amount: usd('900.00'),
        actorRole: 'VENDOR',
        actorSubject: null,
      }),
    ]);
    expect((await ok(IONIC.slug, `query ($id: ID!) { deal(id: $id) { verifiedBy { subject role } } }`, { id: won.id })).deal.verifiedBy).toEqual({
      subject: null,
      role: 'VENDOR',
    });
  });
});

describe('verifyDealRevenue', () => {
  it('the routed distributor verifies (the amount may differ from the claim); the vendor may correct it, the distributor not the vendor', async () => {
    const won = await wonDeal(BLUEPEAK.slug, '1000.00', TESSERA.id, TESSERA.slug, '1200.00');
    const verified = (await ok(TESSERA.slug, VERIFY, { id: won.id, v: 3, amount: usd('1100.00'), note: 'Invoiced after a 100.00 discount' }))
      .verifyDealRevenue;
    expect(verified).toMatchObject({
      status: 'WON',
      version: 4,
      reportedAmount: usd('1200.00'),
      verifiedAmount: usd('1100.00'),
      verifiedBy: { subject: 'user:tessera-distribution', role: 'DISTRIBUTOR', organizationId: TESSERA.id },
    });
    const [row] = await sql('SELECT verified_at FROM partner.deals WHERE id = $1', [won.id]);
    const [event] = await sql(`SELECT at, amount_minor FROM partner.deal_events WHERE deal_id = $1 AND kind = 'REVENUE_VERIFIED'`, [won.id]);
    expect(event).toEqual({ at: row.verified_at, amount_minor: '110000' });
    expect(new Date(verified.verifiedAt).getTime()).toBe(row.verified_at.getTime());

    // the vendor corrects it; from then on the distributor cannot change the vendor's figure
    const corrected = (await ok(NORTHWIND.slug, VERIFY, { id: won.id, v: 4, amount: usd('1150.00') })).verifyDealRevenue;
    expect(corrected).toMatchObject({ version: 5, verifiedAmount: usd('1150.00'), verifiedBy: { role: 'VENDOR', organizationId: NORTHWIND.id } });
    const response = await refused(TESSERA.slug, VERIFY, { id: won.id, v: 5, amount: usd('1100.00') }, 'CONFLICT');
    expect(response.errors![0].message).toMatch(/verified by the vendor \(1150\.00 USD\): only the vendor can change it/);
    const history = (await ok(BLUEPEAK.slug, HISTORY, { id: won.id })).deal.history.edges.map((e: any) => e.node);
    expect(history.filter((e: any) => e.kind === 'REVENUE_VERIFIED')).toEqual([
      expect.objectContaining({
        amount: usd('1100.00'),
        actorRole: 'DISTRIBUTOR',
        actorOrganizationId: TESSERA.id,
        reason: 'Invoiced after a 100.00 discount',
      }),
      expect.objectContaining({ amount: usd('1150.00'), actorRole: 'VENDOR', actorOrganizationId: NORTHWIND.id }),
    ]);
  });

  it('refuses bad input, stale versions and deals not WON, writing nothing', async () => {
    const won = await wonDeal(BLUEPEAK.slug, '1000.00', TESSERA.id, TESSERA.slug, '1000.00');
    const vars = (overrides: Record<string, unknown>) => ({ id: won.id, v: 3, amount: usd('1000.00'), ...overrides });
    await refused(NORTHWIND.slug, VERIFY, vars({ amount: usd('10000.01') }), 'BAD_USER_INPUT', 'amount.amount');
    await refused(NORTHWIND.slug, VERIFY, vars({ amount: usd('-1.00') }), 'BAD_USER_INPUT', 'amount.amount');
    await refused(NORTHWIND.slug, VERIFY, vars({ amount: usd('1.001') }), 'BAD_USER_INPUT', 'amount.amount');
    // not a decimal at all: the gateway's Decimal scalar refuses it, naming the argument
    await refused(NORTHWIND.slug, VERIFY, vars({ amount: usd('lots') }), 'BAD_USER_INPUT', 'verifyDealRevenue(amount.amount)');
    await refused(NORTHWIND.slug, VERIFY, vars({ amount: { amount: '1000.00', currency: 'EUR' } }), 'BAD_USER_INPUT', 'amount.currency');
    await refused(NORTHWIND.slug, VERIFY, vars({ amount: { amount: '1000.00', currency: 'usd' } }), 'BAD_USER_INPUT', 'amount.currency');
    await refused(NORTHWIND.slug, VERIFY, vars({ v: 0 }), 'BAD_USER_INPUT', 'expectedVersion');
    await refused(NORTHWIND.slug, VERIFY, vars({ note: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'note');
    await refused(NORTHWIND.slug, VERIFY, vars({ note: 'bell \u0007' }), 'BAD_USER_INPUT', 'note');
    const stale = await refused(NORTHWIND.slug, VERIFY, vars({ v: 2 }), 'CONFLICT');
    expect(stale.errors![0].message).toMatch(/version is now 3/);
    // zero is a verification too: the verifier found no revenue
    expect((await ok(NORTHWIND.slug, VERIFY, vars({ amount: usd('0') }))).verifyDealRevenue.verifiedAmount).toEqual(usd('0.00'));

    const approved = await register(BLUEPEAK.slug, '1000.00', TESSERA.id);
    await ok(TESSERA.slug, APPROVE, { id: approved.id, v: 1 });
    const notWon = await refused(NORTHWIND.slug, VERIFY, { id: approved.id, v: 2, amount: usd('1000.00') }, 'CONFLICT');
    expect(notWon.errors![0].message).toMatch(/is APPROVED: only the revenue of a WON deal can be verified/);
  });

  it("is the vendor's and the routed distributor's: a partner is FORBIDDEN; another's deal reads exactly like a missing one", async () => {
    const won = await wonDeal(BLUEPEAK.slug, '1000.00', TESSERA.id, TESSERA.slug, '1000.00');
    await refused(BLUEPEAK.slug, VERIFY, { id: won.id, v: 3, amount: usd('1000.00') }, 'FORBIDDEN');
    const missing = await refused(NORTHWIND.slug, VERIFY, { id: UNKNOWN, v: 3, amount: usd('1000.00') }, 'NOT_FOUND');
    const asMissing = (message: string, id: string) => message.replace(id, '<id>');
    for (const outsider of [ATLAS.slug, MERIDIAN.slug]) {
      const response = await refused(outsider, VERIFY, { id: won.id, v: 3, amount: usd('1000.00') }, 'NOT_FOUND');
      expect(asMissing(response.errors![0].message, won.id)).toBe(asMissing(missing.errors![0].message, UNKNOWN));
    }
  });

  it('two concurrent verifications of one deal: exactly one wins, the others get CONFLICT, one event', async () => {
    for (let round = 0; round < 3; round++) {
      const won = await wonDeal(BLUEPEAK.slug, '1000.00', TESSERA.id, TESSERA.slug, '1000.00');
      const verifiers = [NORTHWIND.slug, TESSERA.slug, NORTHWIND.slug, TESSERA.slug];
      const responses = await Promise.all(
        verifiers.map((slug, index) => stack.as(slug, VERIFY, { id: won.id, v: 3, amount: usd(`${900 + index}.00`) })),
      );
      const winners = responses.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      expect(responses.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(verifiers.length - 1);
      const [deal] = await sql('SELECT verified_amount_minor, version FROM partner.deals WHERE id = $1', [won.id]);
      const events = await sql(`SELECT amount_minor FROM partner.deal_events WHERE deal_id = $1 AND kind = 'REVENUE_VERIFIED'`, [won.id]);
      expect(events).toEqual([{ amount_minor: deal.verified_amount_minor }]);
      expect(deal.version).toBe(4);
      expect(`${Number(deal.verified_amount_minor) / 100}.00`).toBe(winners[0].data!.verifyDealRevenue.verifiedAmount.amount);
    }
  });
});

describe('nothing confirms the unseen (DESIGN §7)', () => {
  const registerInput = (overrides: Record<string, unknown>) => ({
    vendorId: NORTHWIND.id,
    customerName: 'Probe',
    customerDomain: freshDomain('probe'),
    lines: [{ productId: NW_SEC, quantity: 1 }],
    amount: usd('1000.00'),
    expectedCloseDate: inDays(60),
    ...overrides,
  });

  it('registerDeal answers a distributor the partner cannot route through exactly as one that does not exist', async () => {
    const answer = async (distributorId: string) => {
      const response = await refused(BLUEPEAK.slug, REGISTER, { input: registerInput({ distributorId }) }, 'BAD_USER_INPUT', 'input.distributorId');
      return { code: response.errors![0].extensions?.code, message: response.errors![0].message };
    };
    const missing = await answer(UNKNOWN);
    // meridian carries northwind but does not have bluepeak-it in its network
    expect(await answer(MERIDIAN.id)).toEqual(missing);
    // a distributor that does not carry the vendor (ionic with atlas through meridian) reads the same
    const atlasProduct = eco.products.find((p) => p.vendorId === ATLAS.id)!;
    const notCarrying = await refused(
      IONIC.slug,
      REGISTER,
      {
        input: registerInput({
          vendorId: ATLAS.id,
          lines: [{ productId: atlasProduct.id, quantity: 1 }],
          amount: { amount: '1000.00', currency: 'EUR' },
          distributorId: MERIDIAN.id,
        }),
      },
      'BAD_USER_INPUT',
      'input.distributorId',
    );
    expect({ code: notCarrying.errors![0].extensions?.code, message: notCarrying.errors![0].message }).toEqual(missing);
  });

  it('a partner sees hasConflict only once its deal is decided: registering and withdrawing read the same with or without a conflict', async () => {
    const shape = (deal: any) => ({ ...deal, id: '<id>', verifiedAt: null });
    // a named direct account (Globex), another partner's registration, and a customer nobody has
    const taken = freshDomain('taken');
    await register(HARBOR.slug, '1000.00', null, taken);
    const customers = ['https://www.globex.example/', taken, freshDomain('free')];
    const registered = [];
    for (const customerDomain of customers)
      registered.push((await ok(BLUEPEAK.slug, REGISTER, { input: registerInput({ customerDomain, distributorId: TESSERA.id }) })).registerDeal);
    expect(new Set(registered.map((deal) => JSON.stringify(shape(deal)))).size).toBe(1);
    expect(registered[0].hasConflict).toBeNull();
    const read = async (id: string) => (await ok(BLUEPEAK.slug, `query ($id: ID!) { deal(id: $id) { hasConflict } }`, { id })).deal.hasConflict;
    for (const deal of registered) expect(await read(deal.id)).toBeNull();
    // the vendor and the routed distributor see it from the start
    const vendorView = async (id: string) =>
      (await ok(NORTHWIND.slug, `query ($id: ID!) { deal(id: $id) { hasConflict } }`, { id })).deal.hasConflict;
    expect(await Promise.all(registered.map((deal) => vendorView(deal.id)))).toEqual([true, true, false]);

    // withdrawn before a decision: still nothing learnt, whichever customer it was
    const withdrawn = [];
    for (const deal of registered) withdrawn.push((await ok(BLUEPEAK.slug, WITHDRAW, { id: deal.id, v: 1 })).withdrawDeal);
    expect(new Set(withdrawn.map((deal) => JSON.stringify(shape(deal)))).size).toBe(1);
    expect(withdrawn[0]).toMatchObject({ status: 'WITHDRAWN', hasConflict: null });

    // decided: the partner learns that it collided (not with whom), through the decision
    const again = [];
    for (const customerDomain of customers.slice(0, 2))
      again.push((await ok(BLUEPEAK.slug, REGISTER, { input: registerInput({ customerDomain, distributorId: TESSERA.id }) })).registerDeal);
    const rejected = (await ok(TESSERA.slug, REJECT, { id: again[0].id, v: 1 })).rejectDeal;
    expect(await read(rejected.id)).toBe(true);
    await ok(TESSERA.slug, APPROVE, { id: again[1].id, v: 1 });
    expect(await read(again[1].id)).toBe(true);
  });
});
