import { ATLAS, BLUEPEAK, HARBOR, IONIC, NORTHWIND, TESSERA } from '../tooling/demo/catalog';
import { openDatabase } from '../common/db';
import type { Identity } from '../common/identity';
import { databaseOptions } from '../subgraphs/vendor/database';
import { TestData } from './support/builder';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, type RunningSubgraph } from './support/subgraph';
import { expectRefused as refusedUnchanged } from './support/snapshot';

/**
 * The MDF flow of the vendor subgraph: requestMdf → approveMdf | rejectMdf → claimMdf → markMdfPaid, each step's
 * validation, scope (others' requests → NOT_FOUND), role (→ FORBIDDEN), illegal transitions (→ CONFLICT naming the
 * status), and the budget under concurrent approvals. Incentives are this file's own (inserted below), dated around
 * today, so the demo's dates do not matter. A partner requests only from incentives it is eligible for (its incentive
 * scope asks the partner and distributor subgraphs): all three run.
 */

const as = (role: Identity['role'], organizationId: string, subject = `user:${role.toLowerCase()}`): Identity => ({
  subject,
  role,
  organizationId,
  groups: ['ADMIN'],
});
const NW = as('VENDOR', NORTHWIND.id, 'user:northwind-admin');
const AT = as('VENDOR', ATLAS.id, 'user:atlas-admin');
const BP = as('PARTNER', BLUEPEAK.id, 'user:bluepeak');
const IO = as('PARTNER', IONIC.id, 'user:ionic');
const HB = as('PARTNER', HARBOR.id, 'user:harbor');
const TS = as('DISTRIBUTOR', TESSERA.id, 'user:tessera');
const UNKNOWN = '6f1c2b1e-0000-4000-8000-000000000001';

let db: TestDatabase;
let graphs: Awaited<ReturnType<typeof startSubgraphs>>;
let vendor: RunningSubgraph;

type Response = Awaited<ReturnType<typeof subgraphRequest>>;
const gql = (identity: Identity, query: string, variables: Record<string, unknown> = {}) => subgraphRequest(vendor.url, query, variables, identity);
const sql = <T = any>(text: string, params: unknown[] = []): Promise<T[]> => vendor.dataSource.query(text, params);

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const usd = (amount: string) => ({ amount, currency: 'USD' });

/** This file's incentives, by role in the tests. */
const fund: Record<string, string> = {};

interface IncentiveRow {
  kind?: string;
  audience?: string;
  startsOn?: string;
  endsOn?: string | null;
  budgetMinor?: number | null;
  currency?: string;
  regions?: string[];
  partnerTypes?: string[];
}

async function insertIncentive(vendorId: string, name: string, over: IncentiveRow = {}) {
  return new TestData(vendor.dataSource).incentive({
    vendorId,
    kind: over.kind ?? 'MDF',
    audience: over.audience ?? 'PARTNER',
    name,
    startsOn: over.startsOn ?? day(-30),
    endsOn: over.endsOn === undefined ? null : over.endsOn,
    budgetMinor: over.budgetMinor === undefined ? 100_000 : over.budgetMinor,
    currency: over.currency ?? 'USD',
    regions: over.regions ?? [],
    partnerTypes: over.partnerTypes ?? [],
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  graphs = await startSubgraphs(['vendor', 'partner', 'distributor'], db.url);
  vendor = graphs.vendor;
  fund.main = await insertIncentive(NORTHWIND.id, 'MDF test fund', { budgetMinor: 100_000 }); // 1,000.00 USD
  fund.unlimited = await insertIncentive(NORTHWIND.id, 'MDF test unlimited fund', { budgetMinor: null, endsOn: day(0) });
  fund.validation = await insertIncentive(NORTHWIND.id, 'MDF test validation fund', { budgetMinor: null });
  fund.rebate = await insertIncentive(NORTHWIND.id, 'MDF test rebate', { kind: 'REBATE' });
  fund.expired = await insertIncentive(NORTHWIND.id, 'MDF test expired fund', { startsOn: day(-60), endsOn: day(-1) });
  fund.future = await insertIncentive(NORTHWIND.id, 'MDF test future fund', { startsOn: day(1) });
  fund.distributors = await insertIncentive(NORTHWIND.id, 'MDF test distributor fund', { audience: 'DISTRIBUTOR' });
  fund.atlas = await insertIncentive(ATLAS.id, 'MDF test Atlas fund', { currency: 'EUR' });
  fund.race = await insertIncentive(NORTHWIND.id, 'MDF test race fund', { budgetMinor: 9_500 }); // 95.00 USD
  fund.single = await insertIncentive(NORTHWIND.id, 'MDF test single-request fund', { budgetMinor: 100_000 });
  fund.emea = await insertIncentive(NORTHWIND.id, 'MDF test EMEA VAR fund', { regions: ['EMEA'], partnerTypes: ['VAR', 'MSP'] });
  fund.isv = await insertIncentive(NORTHWIND.id, 'MDF test ISV fund', { partnerTypes: ['ISV'] });
});

afterAll(async () => {
  await graphs?.stop();
  await db?.drop();
});

const MDF_FIELDS = `id status activity amount { amount currency } expectedPipeline { amount currency } approvedAmount { amount currency }
  reason proofOfPerformance createdAt decidedAt paidAt incentive { id } partner { id }`;
const REQUEST = `mutation ($input: RequestMdfInput!) { requestMdf(input: $input) { ${MDF_FIELDS} } }`;
const APPROVE = `mutation ($id: ID!, $approvedAmount: MoneyInput) { approveMdf(id: $id, approvedAmount: $approvedAmount) { ${MDF_FIELDS} } }`;
const REJECT = `mutation ($id: ID!, $reason: String!) { rejectMdf(id: $id, reason: $reason) { ${MDF_FIELDS} } }`;
const CLAIM = `mutation ($id: ID!, $proof: String!) { claimMdf(id: $id, proofOfPerformance: $proof) { ${MDF_FIELDS} } }`;
const PAID = `mutation ($id: ID!) { markMdfPaid(id: $id) { ${MDF_FIELDS} } }`;

const requestInput = (over: Record<string, unknown> = {}) => ({
  incentiveId: fund.validation,
  activity: 'Webinar series for SMB customers',
  amount: usd('100.00'),
  ...over,
});

const expectRefused = (request: () => Promise<Response>, code: string, field?: string) => refusedUnchanged(db.url, request, code, field);

/** A new REQUESTED request of `partner` (through the mutation); its id. */
async function requested(partner: Identity = BP, input: Record<string, unknown> = {}): Promise<string> {
  const response = await gql(partner, REQUEST, { input: requestInput(input) });
  expect(response.errors).toBeUndefined();
  return response.data!.requestMdf.id;
}

async function approved(partner: Identity = BP, input: Record<string, unknown> = {}): Promise<string> {
  const id = await requested(partner, input);
  expect((await gql(NW, APPROVE, { id })).errors).toBeUndefined();
  return id;
}

async function claimed(): Promise<string> {
  const id = await approved();
  expect((await gql(BP, CLAIM, { id, proof: 'Attendance list and invoices attached.' })).errors).toBeUndefined();
  return id;
}

const row = async (id: string) => (await sql('SELECT * FROM mdf_requests WHERE id = $1', [id]))[0];
const spent = async (incentiveId: string) => (await sql('SELECT spent_minor FROM incentives WHERE id = $1', [incentiveId]))[0].spent_minor as string;

describe('the whole flow', () => {
  it('REQUESTED → APPROVED (part of it, spent grows) → CLAIMED → PAID, each step recorded in the database', async () => {
    const created = await gql(BP, REQUEST, {
      input: {
        incentiveId: fund.main.toUpperCase(),
        activity: '  Joint roadshow in Munich\n(three cities)  ',
        amount: usd('400.00'),
        expectedPipeline: usd('25000'),
      },
    });
    expect(created.errors).toBeUndefined();
    const request = created.data!.requestMdf;
    expect(request).toMatchObject({
      status: 'REQUESTED',
      activity: 'Joint roadshow in Munich\n(three cities)',
      amount: usd('400.00'),
      expectedPipeline: usd('25000.00'),
      approvedAmount: null,
      reason: null,
      proofOfPerformance: null,
      decidedAt: null,
      paidAt: null,
      incentive: { id: fund.main },
      partner: { id: BLUEPEAK.id },
    });
    const id = request.id;
    let stored = await row(id);
    expect(stored).toMatchObject({
      incentive_id: fund.main,
      partner_id: BLUEPEAK.id,
      activity: 'Joint roadshow in Munich\n(three cities)',
      amount_minor: '40000',
      currency: 'USD',
      expected_pipeline_minor: '2500000',
      status: 'REQUESTED',
      approved_amount_minor: null,
      reason: null,
      decided_at: null,
      paid_at: null,
      proof_of_performance: null,
    });
    expect(await sql(`SELECT created_at = date_trunc('milliseconds', created_at) AS ms FROM mdf_requests WHERE id = $1`, [id])).toEqual([
      { ms: true },
    ]);
    expect(new Date(request.createdAt).getTime()).toBe(stored.created_at.getTime());
    expect(await spent(fund.main)).toBe('0');

    const approval = await gql(NW, APPROVE, { id, approvedAmount: usd('300') });
    expect(approval.errors).toBeUndefined();
    expect(approval.data!.approveMdf).toMatchObject({ status: 'APPROVED', amount: usd('400.00'), approvedAmount: usd('300.00'), paidAt: null });
    stored = await row(id);
    expect(stored).toMatchObject({ status: 'APPROVED', approved_amount_minor: '30000', paid_at: null });
    expect(stored.decided_at).toBeInstanceOf(Date);
    expect(new Date(approval.data!.approveMdf.decidedAt).getTime()).toBe(stored.decided_at.getTime());
    expect(await spent(fund.main)).toBe('30000');

    const claim = await gql(BP, CLAIM, { id, proof: '  Agenda, 120 attendees, invoices INV-1..INV-3.\nPhotos attached.  ' });
    expect(claim.errors).toBeUndefined();
    expect(claim.data!.claimMdf).toMatchObject({
      status: 'CLAIMED',
      proofOfPerformance: 'Agenda, 120 attendees, invoices INV-1..INV-3.\nPhotos attached.',
      approvedAmount: usd('300.00'),
    });
    expect(await row(id)).toMatchObject({
      status: 'CLAIMED',
      proof_of_performance: 'Agenda, 120 attendees, invoices INV-1..INV-3.\nPhotos attached.',
      paid_at: null,
    });

    const paid = await gql(NW, PAID, { id });
    expect(paid.errors).toBeUndefined();
    expect(paid.data!.markMdfPaid).toMatchObject({ status: 'PAID', approvedAmount: usd('300.00') });
    stored = await row(id);
    expect(stored.status).toBe('PAID');
    expect(stored.paid_at.getTime()).toBeGreaterThanOrEqual(stored.decided_at.getTime());
    expect(new Date(paid.data!.markMdfPaid.paidAt).getTime()).toBe(stored.paid_at.getTime());
    expect(await spent(fund.main)).toBe('30000');

    // the partner reads its request with every field; another partner does not see it
    const entities = `query ($id: ID!) { _entities(representations: [{ __typename: "MdfRequest", id: $id }]) { ... on MdfRequest { ${MDF_FIELDS} } } }`;
    const mine = await gql(BP, entities, { id });
    expect(mine.data!._entities[0]).toMatchObject({
      status: 'PAID',
      approvedAmount: usd('300.00'),
      proofOfPerformance: expect.any(String),
      paidAt: expect.any(String),
    });
    expect((await gql(IO, entities, { id })).data!._entities[0]).toBeNull();

    // every further step is illegal, and says why
    for (const [identity, query, variables, verb] of [
      [NW, APPROVE, { id }, 'approved'],
      [NW, REJECT, { id, reason: 'Too late' }, 'rejected'],
      [BP, CLAIM, { id, proof: 'again' }, 'claimed'],
      [NW, PAID, { id }, 'marked paid'],
    ] as const) {
      const response = await expectRefused(() => gql(identity, query, variables), 'CONFLICT');
      expect(response.errors![0].message).toMatch(new RegExp(`is PAID: only an? [A-Z]+ request can be ${verb}`));
    }
  });

  it('approves the whole amount when none is given; a budget-less incentive approves without limit (and still counts what it spent)', async () => {
    const id = await requested(BP, { incentiveId: fund.unlimited, amount: usd('123456789.99') });
    const response = await gql(NW, APPROVE, { id });
    expect(response.errors).toBeUndefined();
    expect(response.data!.approveMdf).toMatchObject({ status: 'APPROVED', approvedAmount: usd('123456789.99') });
    expect(await row(id)).toMatchObject({ approved_amount_minor: '12345678999' });
    expect(await spent(fund.unlimited)).toBe('12345678999');
  });

  it('REQUESTED → REJECTED with the reason; nothing is spent; the request goes no further', async () => {
    const id = await requested();
    const before = await spent(fund.validation);
    const response = await gql(NW, REJECT, { id, reason: "  Activity outside the fund's region.\nPlease resubmit for EMEA.  " });
    expect(response.errors).toBeUndefined();
    expect(response.data!.rejectMdf).toMatchObject({
      status: 'REJECTED',
      reason: "Activity outside the fund's region.\nPlease resubmit for EMEA.",
      approvedAmount: null,
      decidedAt: expect.any(String),
    });
    const stored = await row(id);
    expect(stored).toMatchObject({
      status: 'REJECTED',
      reason: "Activity outside the fund's region.\nPlease resubmit for EMEA.",
      approved_amount_minor: null,
      paid_at: null,
    });
    expect(stored.decided_at).toBeInstanceOf(Date);
    expect(await spent(fund.validation)).toBe(before);
    for (const [identity, query, variables] of [
      [NW, APPROVE, { id }],
      [BP, CLAIM, { id, proof: 'x' }],
      [NW, PAID, { id }],
      [NW, REJECT, { id, reason: 'again' }],
    ] as const) {
      const refused = await expectRefused(() => gql(identity, query, variables), 'CONFLICT');
      expect(refused.errors![0].message).toContain('is REJECTED');
    }
  });
});

describe('requestMdf', () => {
  it('takes an activity of exactly 500 characters, a zero expected pipeline, and the currency in any spacing', async () => {
    const id = await requested(BP, { activity: 'a'.repeat(500), amount: { amount: '0.01', currency: ' USD ' }, expectedPipeline: usd('0') });
    expect(await row(id)).toMatchObject({ activity: 'a'.repeat(500), amount_minor: '1', expected_pipeline_minor: '0', status: 'REQUESTED' });
  });

  it.each([
    ['blank activity', { activity: '   ' }, 'input.activity'],
    ['activity over 500 characters', { activity: 'a'.repeat(501) }, 'input.activity'],
    ['activity with control characters', { activity: 'Webinar\u0007' }, 'input.activity'],
    ['zero amount', { amount: usd('0') }, 'input.amount.amount'],
    ['negative amount', { amount: usd('-5.00') }, 'input.amount.amount'],
    ['amount with too many decimals', { amount: usd('10.001') }, 'input.amount.amount'],
    ['amount in another currency than the incentive', { amount: { amount: '10.00', currency: 'EUR' } }, 'input.amount.currency'],
    ['amount in no currency', { amount: { amount: '10.00', currency: 'usd' } }, 'input.amount.currency'],
    ['negative expected pipeline', { expectedPipeline: usd('-1') }, 'input.expectedPipeline.amount'],
    ['expected pipeline in another currency', { expectedPipeline: { amount: '10', currency: 'GBP' } }, 'input.expectedPipeline.currency'],
    ['an incentive it is eligible for that is not MDF', { incentiveId: 'rebate' }, 'input.incentiveId'],
  ] as [string, Record<string, unknown>, string][])('%s → BAD_USER_INPUT', async (_label, over, field) => {
    const input = requestInput(over);
    if (typeof over.incentiveId === 'string') input.incentiveId = fund[over.incentiveId];
    const response = await expectRefused(() => gql(BP, REQUEST, { input }), 'BAD_USER_INPUT', field);
    expect(response.errors![0].message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
  });

  // an incentive the partner is not eligible for today does not exist for it: NOT_FOUND, whatever the reason
  it.each([
    ['an id that is not one', () => 'not-an-id'],
    ['an unknown incentive', () => UNKNOWN],
    ['a distributor-facing incentive', () => fund.distributors],
    ['an incentive of a vendor the partner is not enrolled with', () => fund.atlas],
    ['an MDF incentive that ended yesterday', () => fund.expired],
    ['an MDF incentive that starts tomorrow', () => fund.future],
    ['an MDF incentive gated to a partner type it is not (ISV)', () => fund.isv],
  ])('%s → NOT_FOUND', async (_label, incentiveId) => {
    const response = await expectRefused(() => gql(BP, REQUEST, { input: requestInput({ incentiveId: incentiveId() }) }), 'NOT_FOUND');
    expect(response.errors![0].message).toBe(`Incentive ${incentiveId()} was not found.`);
  });

  it('an MDF incentive whose gates the partner meets (region EMEA, type VAR) takes its request; the same fund is not there for an NA MSP', async () => {
    const id = await requested(BP, { incentiveId: fund.emea });
    expect(await row(id)).toMatchObject({ incentive_id: fund.emea, partner_id: BLUEPEAK.id });
    await expectRefused(() => gql(HB, REQUEST, { input: requestInput({ incentiveId: fund.emea }) }), 'NOT_FOUND');
  });

  it('only while its partnership with the vendor is ACTIVE: SUSPENDED or TERMINATED → NOT_FOUND', async () => {
    const setStatus = (status: string) =>
      sql(`UPDATE partnerships SET status = $3 WHERE vendor_id = $1 AND partner_id = $2`, [NORTHWIND.id, HARBOR.id, status]);
    try {
      for (const status of ['SUSPENDED', 'PENDING', 'TERMINATED']) {
        await setStatus(status);
        await expectRefused(() => gql(HB, REQUEST, { input: requestInput() }), 'NOT_FOUND');
      }
    } finally {
      await setStatus('ACTIVE');
    }
    await requested(HB);
  });

  it('another partner enrolled with the vendor (Ionic) may request too, and only it sees its request', async () => {
    const id = await requested(IO);
    expect(await row(id)).toMatchObject({ partner_id: IONIC.id });
  });

  it.each([
    ['a vendor', NW],
    ['a distributor', TS],
  ])('%s → FORBIDDEN', async (_label, identity) => {
    await expectRefused(() => gql(identity, REQUEST, { input: requestInput() }), 'FORBIDDEN');
  });
});

describe('approveMdf', () => {
  it.each([
    ['zero', usd('0'), 'approvedAmount.amount'],
    ['negative', usd('-1.00'), 'approvedAmount.amount'],
    ['more than requested', usd('100.01'), 'approvedAmount.amount'],
    ['another currency', { amount: '50', currency: 'EUR' }, 'approvedAmount.currency'],
    // the Decimal scalar refuses it before the resolver runs (the error names the variable, not a field)
    ['that is not a decimal', usd('fifty'), undefined],
  ] as [string, { amount: string; currency: string }, string | undefined][])(
    'an approved amount %s → BAD_USER_INPUT',
    async (_label, approvedAmount, field) => {
      const id = await requested();
      await expectRefused(() => gql(NW, APPROVE, { id, approvedAmount }), 'BAD_USER_INPUT', field);
      expect((await row(id)).status).toBe('REQUESTED');
    },
  );

  it('more than the budget has left → CONFLICT saying how much is left; exactly what is left is approved', async () => {
    const budgetFund = await insertIncentive(NORTHWIND.id, 'MDF test small fund', { budgetMinor: 25_000 }); // 250.00 USD
    const first = await requested(BP, { incentiveId: budgetFund, amount: usd('200.00') });
    const second = await requested(BP, { incentiveId: budgetFund, amount: usd('100.00') });
    expect((await gql(NW, APPROVE, { id: first })).errors).toBeUndefined();
    const refused = await expectRefused(() => gql(NW, APPROVE, { id: second }), 'CONFLICT');
    expect(refused.errors![0].message).toMatch(
      /^Only 50\.00 USD left of the budget of "MDF test small fund" \(250\.00 USD budget, 200\.00 USD spent\)/,
    );
    const partial = await gql(NW, APPROVE, { id: second, approvedAmount: usd('50') });
    expect(partial.errors).toBeUndefined();
    expect(partial.data!.approveMdf.approvedAmount).toEqual(usd('50.00'));
    expect(await sql('SELECT spent_minor, budget_minor FROM incentives WHERE id = $1', [budgetFund])).toEqual([
      { spent_minor: '25000', budget_minor: '25000' },
    ]);
  });

  it("another vendor's request, an unknown id or one that is not an id → NOT_FOUND", async () => {
    const id = await requested();
    for (const [identity, target] of [
      [AT, id],
      [NW, UNKNOWN],
      [NW, 'nope'],
    ] as const) {
      await expectRefused(() => gql(identity, APPROVE, { id: target }), 'NOT_FOUND');
    }
    expect((await row(id)).status).toBe('REQUESTED');
  });

  it.each([
    ['a partner (even the requester)', BP],
    ['a distributor', TS],
  ])('%s → FORBIDDEN', async (_label, identity) => {
    const id = await requested();
    await expectRefused(() => gql(identity, APPROVE, { id }), 'FORBIDDEN');
  });

  it('20 concurrent approvals of one request: exactly one wins, the others CONFLICT; spent once', async () => {
    const id = await requested(BP, { incentiveId: fund.single, amount: usd('10.00') });
    const responses = await Promise.all(Array.from({ length: 20 }, () => gql(NW, APPROVE, { id })));
    const wins = responses.filter((r) => !r.errors);
    expect(wins).toHaveLength(1);
    for (const loser of responses.filter((r) => r.errors)) {
      expect(loser.errors!.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      expect(loser.errors![0].message).toContain('is APPROVED');
    }
    expect(await spent(fund.single)).toBe('1000');
  });

  it('20 concurrent approvals of different requests against a budget that fits only 9 of them: 9 approved, 11 CONFLICT, spent = their sum ≤ budget', async () => {
    // 20 requests of 10.00 USD each against a budget of 95.00 USD: whatever the order, 9 fit (90.00) and 5.00 is left.
    const ids: string[] = [];
    for (const partner of Array.from({ length: 20 }, (_, k) => (k % 2 ? IO : BP)))
      ids.push(await requested(partner, { incentiveId: fund.race, amount: usd('10.00') }));
    const responses = await Promise.all(ids.map((id) => gql(NW, APPROVE, { id })));
    const approvedResponses = responses.filter((r) => !r.errors);
    const refused = responses.filter((r) => r.errors);
    expect(approvedResponses).toHaveLength(9);
    expect(refused).toHaveLength(11);
    for (const response of refused) {
      expect(response.errors!.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      expect(response.errors![0].message).toMatch(/^Only 5\.00 USD left of the budget/);
    }
    const [totals] = await sql(
      `SELECT i.budget_minor, i.spent_minor, (SELECT sum(r.approved_amount_minor) FROM mdf_requests r WHERE r.incentive_id = i.id AND r.status = 'APPROVED') AS approved,
              (SELECT count(*) FROM mdf_requests r WHERE r.incentive_id = i.id AND r.status = 'APPROVED') AS approved_count,
              (SELECT count(*) FROM mdf_requests r WHERE r.incentive_id = i.id AND r.status = 'REQUESTED') AS requested_count
         FROM incentives i WHERE i.id = $1`,
      [fund.race],
    );
    expect(totals).toEqual({ budget_minor: '9500', spent_minor: '9000', approved: '9000', approved_count: '9', requested_count: '11' });
  });
});

describe('rejectMdf', () => {
  it.each([
    ['blank', '  \n '],
    ['over 2000 characters', 'r'.repeat(2001)],
    ['with control characters', 'No\u0000'],
  ])('a reason %s → BAD_USER_INPUT', async (_label, reason) => {
    const id = await requested();
    await expectRefused(() => gql(NW, REJECT, { id, reason }), 'BAD_USER_INPUT', 'reason');
  });

  it("another vendor's request → NOT_FOUND; a partner or distributor → FORBIDDEN; an approved one → CONFLICT", async () => {
    const id = await requested();
    await expectRefused(() => gql(AT, REJECT, { id, reason: 'No' }), 'NOT_FOUND');
    await expectRefused(() => gql(BP, REJECT, { id, reason: 'No' }), 'FORBIDDEN');
    await expectRefused(() => gql(TS, REJECT, { id, reason: 'No' }), 'FORBIDDEN');
    const done = await approved();
    const response = await expectRefused(() => gql(NW, REJECT, { id: done, reason: 'Changed my mind' }), 'CONFLICT');
    expect(response.errors![0].message).toBe(`MDF request ${done} is APPROVED: only a REQUESTED request can be rejected.`);
  });
});

describe('claimMdf', () => {
  it('proof of performance: blank, over 2000 characters or with control characters → BAD_USER_INPUT; exactly 2000 is taken', async () => {
    const id = await approved();
    for (const proof of ['   ', 'p'.repeat(2001), 'Invoices\u001b[31m']) {
      await expectRefused(() => gql(BP, CLAIM, { id, proof }), 'BAD_USER_INPUT', 'proofOfPerformance');
    }
    const response = await gql(BP, CLAIM, { id, proof: 'p'.repeat(2000) });
    expect(response.errors).toBeUndefined();
    expect(await row(id)).toMatchObject({ status: 'CLAIMED', proof_of_performance: 'p'.repeat(2000) });
  });

  it("a request not yet approved → CONFLICT; another partner's → NOT_FOUND; a vendor or distributor → FORBIDDEN", async () => {
    const open = await requested();
    const response = await expectRefused(() => gql(BP, CLAIM, { id: open, proof: 'Done' }), 'CONFLICT');
    expect(response.errors![0].message).toBe(`MDF request ${open} is REQUESTED: only an APPROVED request can be claimed.`);
    const id = await approved();
    await expectRefused(() => gql(IO, CLAIM, { id, proof: 'Done' }), 'NOT_FOUND');
    await expectRefused(() => gql(BP, CLAIM, { id: UNKNOWN, proof: 'Done' }), 'NOT_FOUND');
    await expectRefused(() => gql(NW, CLAIM, { id, proof: 'Done' }), 'FORBIDDEN');
    await expectRefused(() => gql(TS, CLAIM, { id, proof: 'Done' }), 'FORBIDDEN');
  });
});

describe('markMdfPaid', () => {
  it("an approved (not claimed) request → CONFLICT; another vendor's → NOT_FOUND; a partner or distributor → FORBIDDEN", async () => {
    const open = await approved();
    const response = await expectRefused(() => gql(NW, PAID, { id: open }), 'CONFLICT');
    expect(response.errors![0].message).toBe(`MDF request ${open} is APPROVED: only a CLAIMED request can be marked paid.`);
    const id = await claimed();
    await expectRefused(() => gql(AT, PAID, { id }), 'NOT_FOUND');
    await expectRefused(() => gql(BP, PAID, { id }), 'FORBIDDEN');
    await expectRefused(() => gql(TS, PAID, { id }), 'FORBIDDEN');
    expect((await gql(NW, PAID, { id })).errors).toBeUndefined();
    expect((await row(id)).status).toBe('PAID');
  });
});

describe('migration MdfDecisions', () => {
  it('down drops the decision columns and their checks (later migrations undone first); up adds them again', async () => {
    const empty = await createTestDatabase({ empty: true });
    const dataSource = await openDatabase(databaseOptions(empty.url));
    try {
      const columns = async () =>
        (
          await dataSource.query(
            `SELECT column_name FROM information_schema.columns
          WHERE table_schema = 'vendor' AND table_name = 'mdf_requests' AND column_name IN ('approved_amount_minor', 'reason', 'decided_at', 'paid_at') ORDER BY 1`,
          )
        ).map((c: { column_name: string }) => c.column_name);
      const applied = async () => (await dataSource.query(`SELECT name FROM vendor.migrations`)).map((m: { name: string }) => m.name);
      expect(await columns()).toEqual(['approved_amount_minor', 'decided_at', 'paid_at', 'reason']);
      while ((await applied()).includes('MdfDecisions1795650000000')) await dataSource.undoLastMigration();
      expect(await columns()).toEqual([]);
      expect(
        await dataSource.query(`SELECT count(*)::int AS n FROM pg_constraint WHERE conname IN
        ('mdf_requests_approved_amount_range', 'mdf_requests_approved_has_decision', 'mdf_requests_paid_has_time')`),
      ).toEqual([{ n: 0 }]);
      await dataSource.runMigrations();
      expect(await columns()).toEqual(['approved_amount_minor', 'decided_at', 'paid_at', 'reason']);
    } finally {
      await dataSource.destroy();
      await empty.drop();
    }
  });

  it('the database refuses a status without what it needs (approved amount, reason, proof, payment time)', async () => {
    const id = await requested();
    const refuse = async (set: string, constraint: string) => {
      await expect(sql(`UPDATE mdf_requests SET ${set} WHERE id = $1`, [id])).rejects.toMatchObject({ driverError: { constraint } });
    };
    await refuse(`status = 'APPROVED'`, 'mdf_requests_approved_has_decision');
    await refuse(`status = 'REJECTED', decided_at = now()`, 'mdf_requests_rejected_has_reason');
    await refuse(`approved_amount_minor = amount_minor + 1`, 'mdf_requests_approved_amount_range');
    await refuse(`status = 'CLAIMED', approved_amount_minor = 1, decided_at = now()`, 'mdf_requests_claimed_has_proof');
    await refuse(`status = 'PAID', approved_amount_minor = 1, decided_at = now(), proof_of_performance = 'x'`, 'mdf_requests_paid_has_time');
    expect((await row(id)).status).toBe('REQUESTED');
  });
});
