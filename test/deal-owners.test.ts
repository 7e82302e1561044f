import { BLUEPEAK, HARBOR, NORTHWIND, TESSERA, DEMO_SALES, demoEcosystem } from '../tooling/demo/catalog';
import { expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';
import { subgraphRequest } from './support/subgraph';

/**
 * People own deals and leads (DESIGN §6, issue 14 items 4 and 5): bluepeak-it's SALES members sam and alex see and act
 * on their own deals and leads only, through every list, lookup, count, `_entities` path and mutation; the partner's
 * ADMIN gives them to its members (reassignDeal, reassignLead); histories name the acting member to its own
 * organization only. Expectations come from the demo catalog (bluepeak's deals alternate between sam and alex).
 */
const t = useTestStack();
const eco = demoEcosystem();
const [SAM, ALEX] = DEMO_SALES['bluepeak-it'];
const MO = 'user:mo@bluepeak-it';
const DANA = 'user:dana@tessera-distribution';
const ADMIN = BLUEPEAK.slug;
const NW_SEC = eco.products.find((p) => p.sku === 'NW-SEC')!.id;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

type Json = Record<string, any>;
const asSam = (query: string, variables: Json = {}) => t.asMember(BLUEPEAK.slug, SAM, query, variables);
const asAlex = (query: string, variables: Json = {}) => t.asMember(BLUEPEAK.slug, ALEX, query, variables);
const asAdmin = (query: string, variables: Json = {}) => t.as(ADMIN, query, variables);

function ok(response: { data?: Json | null; errors?: unknown }): Json {
  expect(response.errors).toBeUndefined();
  return response.data!;
}
const codes = (response: { errors?: { extensions?: Json }[] }) => response.errors?.map((e) => e.extensions?.code);

const demoDealsOf = (subject: string) => eco.deals.filter((d) => d.partnerId === BLUEPEAK.id && d.ownerSubject === subject).map((d) => d.id);

const LIST = `{ deals(first: 100) { totalCount edges { node { id owner { subject name } } } } }`;
const PARTNER_DEALS = `query ($id: ID!) { partner(id: $id) { deals(first: 100) { totalCount edges { node { id } } } } }`;
const LOOKUP = `query ($id: ID!) { deal(id: $id) { id owner { subject } history { totalCount edges { node { kind actorSubject } } } } }`;
const WITHDRAW = `mutation ($id: ID!, $v: Int!) { withdrawDeal(id: $id, expectedVersion: $v, reason: "Customer paused") { id status version } }`;
const CLOSE = `mutation ($id: ID!, $v: Int!) { closeDeal(id: $id, expectedVersion: $v, outcome: LOST, reason: "Lost") { id status } }`;
const REASSIGN = `mutation ($id: ID!, $v: Int!, $owner: String!) { reassignDeal(id: $id, expectedVersion: $v, ownerSubject: $owner) {
  id version owner { subject name status } history(first: 50) { totalCount edges { node { kind fromStatus toStatus actorSubject actorRole
  owner { subject } previousOwner { subject } } } } } }`;
const REGISTER = `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id version status owner { subject }
  history { edges { node { toStatus actorSubject actorRole } } } } }`;

let counter = 0;
const registration = (over: Json = {}) => ({
  vendorId: NORTHWIND.id,
  customerName: 'Fabrikam',
  customerDomain: `owners-${++counter}-${Date.now().toString(36)}.example`,
  lines: [{ productId: NW_SEC, quantity: 2 }],
  amount: { amount: '8000.00', currency: 'USD' },
  expectedCloseDate: '2030-03-31',
  ...over,
});

/** The error of an id outside scope must read as the error of an id that does not exist: same code, same message but the id. */
function expectSameAsUnknown(outside: { errors?: { message: string; extensions?: Json }[] }, unknown: typeof outside, id: string) {
  expect(codes(outside)).toEqual(['NOT_FOUND']);
  expect(outside.errors![0].message.replace(id, '<id>')).toBe(unknown.errors![0].message.replace(UNKNOWN, '<id>'));
}

// a former sales rep of bluepeak-it, disabled: it may own nothing new
beforeAll(async () => {
  await t.stack.subgraphs.partner.dataSource.query(
    `INSERT INTO members (organization_id, subject, name, email, groups, status)
     VALUES ($1, 'user:gone@bluepeak-it', 'Gone Rep', 'gone@bluepeak-it.example', '{SALES}', 'DISABLED')`,
    [BLUEPEAK.id],
  );
});

describe('a SALES member sees the deals it owns, nobody else’s', () => {
  it('lists, counts and owns exactly its demo deals; the ADMIN sees them all', async () => {
    for (const [subject, ask] of [
      [SAM, asSam],
      [ALEX, asAlex],
    ] as const) {
      const { deals } = ok(await ask(LIST));
      expect(deals.totalCount).toBe(demoDealsOf(subject).length);
      expect(deals.edges.map((e: Json) => e.node.id).sort()).toEqual(demoDealsOf(subject).sort());
      expect(new Set(deals.edges.map((e: Json) => e.node.owner.subject))).toEqual(new Set([subject]));
      // Partner.deals: the same rows, the same count
      const partner = ok(await ask(PARTNER_DEALS, { id: BLUEPEAK.id })).partner;
      expect(partner.deals.totalCount).toBe(demoDealsOf(subject).length);
    }
    expect(demoDealsOf(SAM).length).toBeGreaterThan(5);
    expect(demoDealsOf(ALEX).length).toBeGreaterThan(5);
    const all = ok(await asAdmin(LIST)).deals;
    expect(all.totalCount).toBe(eco.deals.filter((d) => d.partnerId === BLUEPEAK.id).length);
    expect(all.totalCount).toBe(demoDealsOf(SAM).length + demoDealsOf(ALEX).length);
    // a member without SALES or ADMIN may not ask (the rule tree), and its row scope holds nothing either
    expect(codes(await t.asMember(BLUEPEAK.slug, MO, LIST))).toEqual(['FORBIDDEN']);
    const moRows = await subgraphRequest(
      t.stack.subgraphUrls.partner,
      LIST,
      {},
      { subject: MO, role: 'PARTNER', organizationId: BLUEPEAK.id, groups: ['MARKETING'] },
    );
    expect(moRows.data?.deals.totalCount).toBe(0);
  });

  it('looks up a colleague’s deal, by id or through _entities, as one that does not exist', async () => {
    const alexDeal = demoDealsOf(ALEX)[0];
    expect(ok(await asSam(LOOKUP, { id: alexDeal })).deal).toBeNull();
    expect(ok(await asAlex(LOOKUP, { id: alexDeal })).deal).toMatchObject({ id: alexDeal, owner: { subject: ALEX } });
    // the federation path: the partner subgraph's _entities, signed as the gateway signs sam
    const entities = await subgraphRequest(
      t.stack.subgraphUrls.partner,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { id } } }`,
      {
        r: [
          { __typename: 'Deal', id: alexDeal },
          { __typename: 'Deal', id: demoDealsOf(SAM)[0] },
        ],
      },
      { subject: SAM, role: 'PARTNER', organizationId: BLUEPEAK.id, groups: ['SALES'] },
    );
    expect(entities.data?._entities).toEqual([null, { id: demoDealsOf(SAM)[0] }]);
    // and a partner identity without groups sees none of them (fail closed)
    const none = await subgraphRequest(
      t.stack.subgraphUrls.partner,
      LIST,
      {},
      { subject: `user:${BLUEPEAK.slug}`, role: 'PARTNER', organizationId: BLUEPEAK.id, groups: [] },
    );
    expect(none.data?.deals.totalCount).toBe(0);
  });

  it('cannot act on a colleague’s deal: NOT_FOUND exactly as for an unknown id, nothing written', async () => {
    const submitted = eco.deals.find((d) => d.ownerSubject === ALEX && d.status === 'SUBMITTED')!;
    const approved = eco.deals.find((d) => d.ownerSubject === ALEX && d.status === 'APPROVED')!;
    const unknownWithdraw = await asSam(WITHDRAW, { id: UNKNOWN, v: 1 });
    const outsideWithdraw = await expectRefused(t.databaseUrl, () => asSam(WITHDRAW, { id: submitted.id, v: submitted.history.length }), 'NOT_FOUND');
    expectSameAsUnknown(outsideWithdraw, unknownWithdraw, submitted.id);
    const unknownClose = await asSam(CLOSE, { id: UNKNOWN, v: 1 });
    const outsideClose = await expectRefused(t.databaseUrl, () => asSam(CLOSE, { id: approved.id, v: approved.history.length }), 'NOT_FOUND');
    expectSameAsUnknown(outsideClose, unknownClose, approved.id);
  });

  it('registers as itself: the owner is the registering member, and the history names it to its own organization only', async () => {
    const deal = ok(await asSam(REGISTER, { input: registration({ distributorId: TESSERA.id }) })).registerDeal;
    expect(deal).toMatchObject({ status: 'SUBMITTED', owner: { subject: SAM } });
    expect(deal.history.edges[0].node).toEqual({ toStatus: 'SUBMITTED', actorSubject: SAM, actorRole: 'PARTNER' });
    expect(ok(await asAlex(LOOKUP, { id: deal.id })).deal).toBeNull();
    expect(ok(await asAdmin(LOOKUP, { id: deal.id })).deal.owner).toEqual({ subject: SAM });

    // dana (tessera's DEAL_DESK) approves it: tessera reads dana, bluepeak and the vendor read the role and organization
    const APPROVE = `mutation ($id: ID!, $v: Int!) { approveDeal(id: $id, expectedVersion: $v) { id version } }`;
    const approved = ok(await t.asMember(TESSERA.slug, DANA, APPROVE, { id: deal.id, v: deal.version })).approveDeal;
    const ACTORS = `query ($id: ID!) { deal(id: $id) { history { edges { node { toStatus actorSubject actorRole actorOrganizationId } } } } }`;
    const actors = async (ask: (q: string, v: Json) => Promise<any>) =>
      ok(await ask(ACTORS, { id: deal.id })).deal.history.edges.map((e: Json) => [e.node.toStatus, e.node.actorSubject]);
    expect(await actors(asSam)).toEqual([
      ['SUBMITTED', SAM],
      ['APPROVED', null],
    ]);
    expect(await actors(asAdmin)).toEqual([
      ['SUBMITTED', SAM],
      ['APPROVED', null],
    ]);
    expect(await actors((q, v) => t.as(TESSERA.slug, q, v))).toEqual([
      ['SUBMITTED', null],
      ['APPROVED', DANA],
    ]);
    expect(await actors((q, v) => t.as(NORTHWIND.slug, q, v))).toEqual([
      ['SUBMITTED', null],
      ['APPROVED', null],
    ]);
    // sam closes it; alex's own act on its own deal is alex's
    const closed = ok(
      await asSam(
        `mutation ($id: ID!, $v: Int!) { closeDeal(id: $id, expectedVersion: $v, outcome: WON, finalAmount: { amount: "8000.00", currency: "USD" }) { id status } }`,
        { id: deal.id, v: approved.version },
      ),
    ).closeDeal;
    expect(closed.status).toBe('WON');
    expect((await actors(asAdmin)).at(-1)).toEqual(['WON', SAM]);
    expect((await actors((q, v) => t.as(NORTHWIND.slug, q, v))).at(-1)).toEqual(['WON', null]);
    const alexOwn = eco.deals.find((d) => d.ownerSubject === ALEX && d.status === 'SUBMITTED' && d.history.length === 1)!;
    ok(await asAlex(WITHDRAW, { id: alexOwn.id, v: 1 }));
    const trail = ok(await asAdmin(LOOKUP, { id: alexOwn.id })).deal.history.edges.map((e: Json) => e.node.actorSubject);
    expect(trail).toEqual([ALEX, ALEX]);
    const vendorTrail = ok(
      await t.as(NORTHWIND.slug, `query ($id: ID!) { deal(id: $id) { history { edges { node { actorSubject actorRole } } } } }`, { id: alexOwn.id }),
    );
    expect(vendorTrail.deal.history.edges.map((e: Json) => e.node)).toEqual([
      { actorSubject: null, actorRole: 'PARTNER' },
      { actorSubject: null, actorRole: 'PARTNER' },
    ]);
  });

  it('a distributor’s registration has no owner until the partner’s ADMIN names one', async () => {
    const DISTRIBUTOR_REGISTER = `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id version } }`;
    const deal = ok(await t.asMember(TESSERA.slug, DANA, DISTRIBUTOR_REGISTER, { input: registration({ partnerId: BLUEPEAK.id }) })).registerDeal;
    expect(ok(await asAdmin(LOOKUP, { id: deal.id })).deal.owner).toBeNull();
    expect(ok(await asSam(LOOKUP, { id: deal.id })).deal).toBeNull();
    const given = ok(await asAdmin(REASSIGN, { id: deal.id, v: deal.version, owner: SAM })).reassignDeal;
    expect(given.owner.subject).toBe(SAM);
    expect(given.history.edges.at(-1).node).toMatchObject({ kind: 'OWNER_CHANGED', owner: { subject: SAM }, previousOwner: null });
    expect(ok(await asSam(LOOKUP, { id: deal.id })).deal.id).toBe(deal.id);
  });
});

describe('reassignDeal by the partner’s ADMIN', () => {
  it('moves a deal to another member, in its history for the partner only; the former owner loses it', async () => {
    const deal = ok(await asSam(REGISTER, { input: registration() })).registerDeal;
    const moved = ok(await asAdmin(REASSIGN, { id: deal.id, v: deal.version, owner: ALEX })).reassignDeal;
    expect(moved).toMatchObject({ version: deal.version + 1, owner: { subject: ALEX, name: 'Alex Romero', status: 'ACTIVE' } });
    expect(moved.history.totalCount).toBe(2);
    expect(moved.history.edges[1].node).toEqual({
      kind: 'OWNER_CHANGED',
      fromStatus: 'SUBMITTED',
      toStatus: 'SUBMITTED',
      actorSubject: `user:${ADMIN}`,
      actorRole: 'PARTNER',
      owner: { subject: ALEX },
      previousOwner: { subject: SAM },
    });
    expect(ok(await asSam(LOOKUP, { id: deal.id })).deal).toBeNull();
    expect(ok(await asAlex(LOOKUP, { id: deal.id })).deal.owner.subject).toBe(ALEX);
    // the vendor learns nothing of the partner's people: no owner change in its history, and no owner field
    const VENDOR_VIEW = `query ($id: ID!) { deal(id: $id) { version history { totalCount edges { node { kind } } } } }`;
    expect(ok(await t.as(NORTHWIND.slug, VENDOR_VIEW, { id: deal.id })).deal).toEqual({
      version: deal.version + 1,
      history: { totalCount: 1, edges: [{ node: { kind: 'STATUS_CHANGE' } }] },
    });
    expect(codes(await t.as(NORTHWIND.slug, `query ($id: ID!) { deal(id: $id) { owner { subject } } }`, { id: deal.id }))).toEqual(['FORBIDDEN']);
  });

  it('refuses bad input, other organizations’ deals and other groups, writing nothing', async () => {
    const deal = ok(await asSam(REGISTER, { input: registration() })).registerDeal;
    const harborDeal = eco.deals.find((d) => d.partnerId === HARBOR.id)!.id;
    const reassign = (owner: string, id = deal.id, v = deal.version) => asAdmin(REASSIGN, { id, v, owner });
    const unknown = await expectRefused(t.databaseUrl, () => reassign(ALEX, UNKNOWN), 'NOT_FOUND');
    expectSameAsUnknown(await expectRefused(t.databaseUrl, () => reassign(ALEX, harborDeal), 'NOT_FOUND'), unknown, harborDeal);
    for (const owner of ['user:nobody@bluepeak-it', `user:${HARBOR.slug}`, DANA, MO, 'user:gone@bluepeak-it', SAM, '  '])
      await expectRefused(t.databaseUrl, () => reassign(owner), 'BAD_USER_INPUT', 'ownerSubject');
    expect((await reassign(MO)).errors![0].message).toMatch(/SALES or ADMIN/);
    expect((await reassign('user:gone@bluepeak-it')).errors![0].message).toMatch(/DISABLED/);
    expect((await reassign(SAM)).errors![0].message).toMatch(/already owns/);
    await expectRefused(t.databaseUrl, () => reassign(ALEX, deal.id, deal.version + 1), 'CONFLICT');
    await expectRefused(t.databaseUrl, () => reassign(ALEX, deal.id, 0), 'BAD_USER_INPUT', 'expectedVersion');
    // a SALES member may not give deals away, even its own; the vendor and the distributor may not at all
    await expectRefused(t.databaseUrl, () => asSam(REASSIGN, { id: deal.id, v: deal.version, owner: ALEX }), 'FORBIDDEN');
    await expectRefused(t.databaseUrl, () => t.as(NORTHWIND.slug, REASSIGN, { id: deal.id, v: deal.version, owner: ALEX }), 'FORBIDDEN');
    await expectRefused(t.databaseUrl, () => t.as(TESSERA.slug, REASSIGN, { id: deal.id, v: deal.version, owner: ALEX }), 'FORBIDDEN');
  });

  it('lets one of two concurrent reassignments through; the other finds the version moved', async () => {
    const deal = ok(await asSam(REGISTER, { input: registration() })).registerDeal;
    const answers = await Promise.all([ALEX, `user:${ADMIN}`].map((owner) => asAdmin(REASSIGN, { id: deal.id, v: deal.version, owner })));
    expect(answers.map((a) => (a.errors ? a.errors[0].extensions?.code : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    const history = ok(await asAdmin(LOOKUP, { id: deal.id })).deal.history;
    expect(history.edges.map((e: Json) => e.node.kind)).toEqual(['STATUS_CHANGE', 'OWNER_CHANGED']);
  });
});

describe('leads: the partner’s ADMIN gives them to its members (reassignLead with ownerSubject)', () => {
  const LEAD = `id status version owner { subject } history { action actorSubject changes { field before after } }`;
  const CREATE = `mutation ($input: LeadInput!) { createLead(input: $input) { id version } }`;
  const ASSIGN = `mutation ($id: ID!, $v: Int!, $to: LeadAssigneeInput!) { assignLead(id: $id, expectedVersion: $v, to: $to) { id version } }`;
  const GIVE = `mutation ($id: ID!, $v: Int!, $owner: String) { reassignLead(id: $id, expectedVersion: $v, ownerSubject: $owner) { ${LEAD} } }`;
  const ACCEPT = `mutation ($id: ID!, $v: Int!) { acceptLead(id: $id, expectedVersion: $v) { ${LEAD} } }`;
  const CONVERT = `mutation ($id: ID!, $v: Int!) { convertLead(id: $id, expectedVersion: $v, input: { expectedCloseDate: "2030-06-30" }) { id status deal { id owner { subject } } } }`;
  const READ = `query ($id: ID!) { lead(id: $id) { ${LEAD} } }`;
  const VENDOR_READ = `query ($id: ID!) { lead(id: $id) { id version history { action actorSubject changes { field } } } }`;
  const LEADS = `{ leads(first: 100) { totalCount edges { node { id } } } }`;

  async function leadForBluepeak(): Promise<Json> {
    const created = ok(
      await t.as(NORTHWIND.slug, CREATE, {
        input: {
          companyName: 'Contoso',
          companyDomain: `lead-owners-${++counter}-${Date.now().toString(36)}.example`,
          contactName: 'Jane Roe',
          productIds: [NW_SEC],
          estimatedAmount: { amount: '9000.00', currency: 'USD' },
        },
      }),
    ).createLead;
    const assigned = ok(await t.as(NORTHWIND.slug, ASSIGN, { id: created.id, v: created.version, to: { partnerId: BLUEPEAK.id } })).assignLead;
    return ok(await asAdmin(READ, { id: assigned.id })).lead;
  }

  it('a lead reaches the partner without an owner; the owner alone of the SALES members sees and acts on it', async () => {
    const lead = await leadForBluepeak();
    expect(lead.owner).toBeNull();
    const ids = async (ask: typeof asSam) => ok(await ask(LEADS)).leads.edges.map((e: Json) => e.node.id);
    expect(await ids(asSam)).not.toContain(lead.id);
    expect(ok(await asSam(READ, { id: lead.id })).lead).toBeNull();
    expect(await ids(asAdmin)).toContain(lead.id);

    const given = ok(await asAdmin(GIVE, { id: lead.id, v: lead.version, owner: SAM })).reassignLead;
    expect(given).toMatchObject({ status: 'NEW', version: lead.version + 1, owner: { subject: SAM } });
    expect(given.history.at(-1)).toEqual({
      action: 'OWNER_CHANGED',
      actorSubject: `user:${ADMIN}`,
      changes: [{ field: 'owner', before: null, after: SAM }],
    });
    expect(await ids(asSam)).toContain(lead.id);
    expect(await ids(asAlex)).not.toContain(lead.id);
    const samCount = ok(await asSam(LEADS)).leads.totalCount;
    expect(samCount).toBe((await ids(asSam)).length);

    // alex cannot accept it: as unknown
    const unknown = await asAlex(ACCEPT, { id: UNKNOWN, v: 1 });
    expectSameAsUnknown(await expectRefused(t.databaseUrl, () => asAlex(ACCEPT, { id: lead.id, v: given.version }), 'NOT_FOUND'), unknown, lead.id);
    const DECLINE = `mutation ($id: ID!, $v: Int!) { declineLead(id: $id, expectedVersion: $v, reason: "No capacity") { id } }`;
    expectSameAsUnknown(
      await expectRefused(t.databaseUrl, () => asAlex(DECLINE, { id: lead.id, v: given.version }), 'NOT_FOUND'),
      await asAlex(DECLINE, { id: UNKNOWN, v: 1 }),
      lead.id,
    );
    const accepted = ok(await asSam(ACCEPT, { id: lead.id, v: given.version })).acceptLead;
    expect(accepted.history.at(-1)).toMatchObject({ action: 'ACCEPTED', actorSubject: SAM });
    // nor close or convert it once sam accepted it
    const CLOSE_LEAD = `mutation ($id: ID!, $v: Int!) { closeLead(id: $id, expectedVersion: $v, reason: "Gone quiet") { id } }`;
    for (const mutation of [CLOSE_LEAD, CONVERT])
      expectSameAsUnknown(
        await expectRefused(t.databaseUrl, () => asAlex(mutation, { id: lead.id, v: accepted.version }), 'NOT_FOUND'),
        await asAlex(mutation, { id: UNKNOWN, v: 1 }),
        lead.id,
      );

    // the vendor reads the lead's history without the owner change, and sam's act without sam
    const vendorView = ok(await t.as(NORTHWIND.slug, VENDOR_READ, { id: lead.id })).lead;
    expect(vendorView.history.map((e: Json) => e.action)).toEqual(['CREATED', 'ASSIGNED', 'ACCEPTED']);
    expect(vendorView.history.at(-1).actorSubject).toBeNull();
    expect(codes(await t.as(NORTHWIND.slug, `query ($id: ID!) { lead(id: $id) { owner { subject } } }`, { id: lead.id }))).toEqual(['FORBIDDEN']);

    // converted, the lead's owner owns the deal
    const converted = ok(await asSam(CONVERT, { id: lead.id, v: accepted.version })).convertLead;
    expect(converted).toMatchObject({ status: 'CONVERTED', deal: { owner: { subject: SAM } } });
    expect(ok(await asAlex(LOOKUP, { id: converted.deal.id })).deal).toBeNull();
  });

  it('refuses bad input, a SALES member, and a vendor naming a member, writing nothing', async () => {
    const lead = await leadForBluepeak();
    const give = (owner: string | null, ask = asAdmin, id = lead.id, v = lead.version) => ask(GIVE, { id, v, owner });
    for (const owner of ['user:nobody@bluepeak-it', DANA, MO, 'user:gone@bluepeak-it'])
      await expectRefused(t.databaseUrl, () => give(owner), 'BAD_USER_INPUT', 'ownerSubject');
    await expectRefused(t.databaseUrl, () => give(null), 'BAD_USER_INPUT', 'ownerSubject');
    await expectRefused(t.databaseUrl, () => give(SAM, asAdmin, lead.id, lead.version + 1), 'CONFLICT');
    const unknown = await expectRefused(t.databaseUrl, () => give(SAM, asAdmin, UNKNOWN), 'NOT_FOUND');
    expect(unknown.errors![0].message).toContain(UNKNOWN);
    await expectRefused(t.databaseUrl, () => give(SAM, asSam), 'FORBIDDEN');
    await expectRefused(
      t.databaseUrl,
      () =>
        asAdmin(
          `mutation ($id: ID!, $v: Int!) { reassignLead(id: $id, expectedVersion: $v, to: { partnerId: "${HARBOR.id}" }, ownerSubject: "${SAM}") { id } }`,
          {
            id: lead.id,
            v: lead.version,
          },
        ),
      'BAD_USER_INPUT',
      'to',
    );
    await expectRefused(
      t.databaseUrl,
      () => t.as(NORTHWIND.slug, GIVE, { id: lead.id, v: lead.version, owner: SAM }),
      'BAD_USER_INPUT',
      'ownerSubject',
    );
    // the vendor's own reassignment still works, and leaves the owner behind with the partner
    const given = ok(await give(SAM)).reassignLead;
    const moved = await t.as(
      NORTHWIND.slug,
      `mutation ($id: ID!, $v: Int!) { reassignLead(id: $id, expectedVersion: $v, to: { partnerId: "${HARBOR.id}" }) { id version partner { slug } } }`,
      { id: lead.id, v: given.version },
    );
    expect(ok(moved).reassignLead.partner.slug).toBe(HARBOR.slug);
    const [row] = await t.stack.subgraphs.partner.dataSource.query('SELECT owner_subject FROM leads WHERE id = $1', [lead.id]);
    expect(row.owner_subject).toBeNull();
  });
});

describe('relationship histories name the acting member to its own organization only', () => {
  it('cy (tessera CREDIT) changes bluepeak’s credit terms: tessera reads cy, bluepeak the role and organization', async () => {
    const CY = 'user:cy@tessera-distribution';
    const membership = eco.memberships.find((m) => m.distributorId === TESSERA.id && m.partnerId === BLUEPEAK.id)!;
    const UPDATE = `mutation ($input: SetNetworkCreditTermsInput!) { setNetworkCreditTerms(input: $input) { id paymentTermsDays } }`;
    ok(await t.asMember(TESSERA.slug, CY, UPDATE, { input: { id: membership.id, paymentTermsDays: 45 } }));
    const HISTORY = `{ viewer: me { partner { networkMemberships { id history { action actorSubject actorRole actorOrganizationId } } } } }`;
    const DIST_HISTORY = `{ me { distributor { network(first: 100) { edges { node { id history { action actorSubject actorRole } } } } } } }`;
    const tesseraView = ok(await t.as(TESSERA.slug, DIST_HISTORY)).me.distributor.network.edges.find((e: Json) => e.node.id === membership.id).node;
    expect(tesseraView.history.at(-1)).toMatchObject({ actorSubject: CY, actorRole: 'DISTRIBUTOR' });
    const bluepeakView = ok(await asAdmin(HISTORY)).viewer.partner.networkMemberships.find((m: Json) => m.id === membership.id);
    expect(bluepeakView.history.at(-1)).toMatchObject({ actorSubject: null, actorRole: 'DISTRIBUTOR', actorOrganizationId: TESSERA.id });
  });
});
