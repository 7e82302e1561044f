import { ATLAS, BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { expireLeads } from '../subgraphs/partner/services';
import { expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';

/**
 * Leads through the gateway (DESIGN §8): the lifecycle, the acceptance window, the triangle (two tenants of each kind),
 * conversion into a deal under concurrency. Each test creates its own leads on domains of its own.
 */
const t = useTestStack();
const eco = demoEcosystem();
const product = (sku: string) => eco.products.find((p) => p.sku === sku)!.id;
const NW_SEC = product('NW-SEC');
const NW_ANL = product('NW-ANL');
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

type Json = Record<string, any>;

async function ok<T = Json>(slug: string, query: string, variables: Json = {}): Promise<T> {
  const response = await t.as<T>(slug, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const sql = <T = Json>(text: string, params: unknown[] = []): Promise<T[]> => t.stack.subgraphs.partner.dataSource.query(text, params);

const LEAD = `id status version companyName companyDomain contactName contactEmail contactPhone
  partner { slug } distributor { id } acceptBy acceptedAt reason deal { id status partner { slug } lead { id } }
  estimatedAmount { amount currency } productsOfInterest { id }`;

let counter = 0;
const fresh = (name: string) => `${name}-${++counter}-${Date.now().toString(36)}.example`;

const leadInput = (over: Json = {}) => ({
  companyName: 'Contoso Ltd',
  companyDomain: fresh('contoso'),
  contactName: 'Jane Roe',
  contactEmail: 'jane@contoso.example',
  contactPhone: '+49 30 1234567',
  productIds: [NW_SEC, NW_ANL],
  estimatedAmount: { amount: '25000.00', currency: 'USD' },
  source: 'webinar',
  region: 'EMEA',
  ...over,
});

async function createLead(over: Json = {}, vendor = NORTHWIND.slug): Promise<Json> {
  return (await ok(vendor, `mutation ($input: LeadInput!) { createLead(input: $input) { ${LEAD} } }`, { input: leadInput(over) })).createLead;
}

const mutate = (slug: string, name: string, args: string, variables: Json = {}) =>
  t.as(slug, `mutation (${Object.keys(variables).length ? argDecls(variables) : ''}) { ${name}(${args}) { ${LEAD} } }`, variables);
const argDecls = (variables: Json) =>
  Object.keys(variables)
    .map((key) => `$${key}: ${TYPES[key]}`)
    .join(', ');
const TYPES: Record<string, string> = { id: 'ID!', v: 'Int!', to: 'LeadAssigneeInput!', reason: 'String!', input: 'ConvertLeadInput!' };

const assign = (slug: string, lead: Json, to: Json) =>
  mutate(slug, 'assignLead', 'id: $id, expectedVersion: $v, to: $to', { id: lead.id, v: lead.version, to });
const reassign = (slug: string, lead: Json, to: Json) =>
  mutate(slug, 'reassignLead', 'id: $id, expectedVersion: $v, to: $to', { id: lead.id, v: lead.version, to });
const accept = (slug: string, lead: Json) => mutate(slug, 'acceptLead', 'id: $id, expectedVersion: $v', { id: lead.id, v: lead.version });
const decline = (slug: string, lead: Json, reason = 'No capacity this quarter') =>
  mutate(slug, 'declineLead', 'id: $id, expectedVersion: $v, reason: $reason', { id: lead.id, v: lead.version, reason });
const closeLost = (slug: string, lead: Json, reason = 'Went with a competitor') =>
  mutate(slug, 'closeLead', 'id: $id, expectedVersion: $v, reason: $reason', { id: lead.id, v: lead.version, reason });
const convert = (slug: string, lead: Json, input: Json = { expectedCloseDate: '2030-06-30' }) =>
  mutate(slug, 'convertLead', 'id: $id, expectedVersion: $v, input: $input', { id: lead.id, v: lead.version, input });

const data = (response: { data?: Json | null; errors?: unknown }, name: string) => {
  expect(response.errors).toBeUndefined();
  return response.data![name];
};
const code = (response: { errors?: { extensions?: Json }[] }) => response.errors?.map((e) => e.extensions?.code);

const lookup = async (slug: string, id: string) => (await ok(slug, `query ($id: ID!) { lead(id: $id) { ${LEAD} } }`, { id })).lead;
const leadIdsOf = async (slug: string) =>
  (await ok(slug, `{ leads(first: 100) { totalCount edges { node { id } } } }`)).leads as { totalCount: number; edges: { node: { id: string } }[] };

/** A lead assigned to BluePeak and accepted by it. */
async function acceptedByBluepeak(over: Json = {}): Promise<Json> {
  const lead = data(await assign(NORTHWIND.slug, await createLead(over), { partnerId: BLUEPEAK.id }), 'assignLead');
  return data(await accept(BLUEPEAK.slug, lead), 'acceptLead');
}

describe('createLead and importLeads', () => {
  it('creates a NEW lead with no assignee, in its history, seen by its vendor only', async () => {
    const lead = await createLead();
    expect(lead).toMatchObject({ status: 'NEW', version: 1, partner: null, distributor: null, contactName: 'Jane Roe', acceptBy: null });
    expect(lead.estimatedAmount).toEqual({ amount: '25000.00', currency: 'USD' });
    const history = (
      await ok(NORTHWIND.slug, `query ($id: ID!) { lead(id: $id) { history { action actorRole actorSubject changes { field after } } } }`, {
        id: lead.id,
      })
    ).lead.history;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'CREATED', actorRole: 'VENDOR', actorSubject: expect.any(String) });
    // the trail never carries contact details (an assignee reads it before it may read them)
    expect(history[0].changes.map((c: Json) => c.field)).not.toEqual(expect.arrayContaining(['contactName', 'contactEmail', 'contactPhone']));
    for (const other of [ATLAS.slug, BLUEPEAK.slug, HARBOR.slug, TESSERA.slug, MERIDIAN.slug]) {
      expect(await lookup(other, lead.id)).toBeNull();
      expect((await leadIdsOf(other)).edges.map((e) => e.node.id)).not.toContain(lead.id);
    }
    const atlas = await ok(ATLAS.slug, `query ($id: ID!) { vendor(id: $id) { leads(first: 100) { edges { node { id } } } } }`, { id: ATLAS.id });
    expect(atlas.vendor.leads.edges.map((e: Json) => e.node.id)).not.toContain(lead.id);
    const own = await ok(NORTHWIND.slug, `query ($id: ID!) { vendor(id: $id) { leads(first: 100) { edges { node { id } } } } }`, {
      id: NORTHWIND.id,
    });
    expect(own.vendor.leads.edges.map((e: Json) => e.node.id)).toContain(lead.id);
  });

  it('is idempotent by externalRef', async () => {
    const externalRef = `CRM-${fresh('ref')}`;
    const first = await createLead({ externalRef });
    const again = await createLead({ externalRef, companyName: 'Someone Else' });
    expect(again.id).toBe(first.id);
    expect(again.companyName).toBe('Contoso Ltd');
  });

  it.each([
    ['input.companyName', { companyName: '  ' }],
    ['input.companyDomain', { companyDomain: 'not a domain' }],
    ['input.contactName', { contactName: '' }],
    ['input.contactEmail', { contactEmail: 'jane-at-contoso' }],
    ['input.contactPhone', { contactPhone: 'call me maybe' }],
    ['input.productIds[1]', { productIds: [NW_SEC, 'nope'] }],
    ['input.estimatedAmount.amount', { estimatedAmount: { amount: '-5.00', currency: 'USD' } }],
    ['input.estimatedAmount.currency', { estimatedAmount: { amount: '5.00', currency: 'usd!' } }],
  ])('refuses a bad %s, writing nothing', async (field, over) => {
    await expectRefused(
      t.databaseUrl,
      () => t.as(NORTHWIND.slug, `mutation ($input: LeadInput!) { createLead(input: $input) { id } }`, { input: leadInput(over) }),
      'BAD_USER_INPUT',
      field,
    );
  });

  it('imports valid leads, rejects bad lines by index and field, and returns known references as duplicates', async () => {
    const batch = ++counter;
    const ref = (n: number) => `IMP-${batch}-${n}`;
    const lines = [
      leadInput({ externalRef: ref(1) }),
      leadInput({ externalRef: ref(2), contactEmail: 'broken' }),
      leadInput({ externalRef: ref(1) }),
      leadInput({ externalRef: null }),
      leadInput({ externalRef: ref(3) }),
    ];
    const IMPORT = `mutation ($leads: [LeadInput!]!) { importLeads(leads: $leads) {
      created { id externalRef } duplicates { id externalRef } rejected { index externalRef field code message } } }`;
    const first = (await ok(NORTHWIND.slug, IMPORT, { leads: lines })).importLeads;
    expect(first.created.map((l: Json) => l.externalRef)).toEqual([ref(1), ref(3)]);
    expect(first.duplicates).toEqual([]);
    expect(first.rejected).toEqual([
      { index: 1, externalRef: ref(2), field: 'leads[1].contactEmail', code: 'BAD_USER_INPUT', message: expect.stringMatching(/e-mail/) },
      { index: 2, externalRef: ref(1), field: 'leads[2].externalRef', code: 'BAD_USER_INPUT', message: expect.stringMatching(/leads\[0\]/) },
      { index: 3, externalRef: null, field: 'leads[3].externalRef', code: 'BAD_USER_INPUT', message: expect.stringMatching(/required/) },
    ]);
    const retry = (await ok(NORTHWIND.slug, IMPORT, { leads: [lines[0], lines[4]] })).importLeads;
    expect(retry.created).toEqual([]);
    expect(retry.duplicates).toEqual(first.created);
    // another vendor's references are its own
    const atlas = (await ok(ATLAS.slug, IMPORT, { leads: [leadInput({ externalRef: ref(1), productIds: [] })] })).importLeads;
    expect(atlas.created).toHaveLength(1);
    expect(atlas.created[0].id).not.toBe(first.created[0].id);
  });

  it('refuses an import of more than 1000 leads, or of none, writing nothing', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => leadInput({ externalRef: `BIG-${i}`, productIds: [] }));
    const IMPORT = `mutation ($leads: [LeadInput!]!) { importLeads(leads: $leads) { created { id } } }`;
    await expectRefused(t.databaseUrl, () => t.as(NORTHWIND.slug, IMPORT, { leads: many }), 'BAD_USER_INPUT', 'leads');
    await expectRefused(t.databaseUrl, () => t.as(NORTHWIND.slug, IMPORT, { leads: [] }), 'BAD_USER_INPUT', 'leads');
  });

  it('is the vendor’s: a partner or a distributor is FORBIDDEN, writing nothing', async () => {
    for (const slug of [BLUEPEAK.slug, TESSERA.slug]) {
      await expectRefused(
        t.databaseUrl,
        () => t.as(slug, `mutation ($input: LeadInput!) { createLead(input: $input) { id } }`, { input: leadInput() }),
        'FORBIDDEN',
      );
    }
  });
});

describe('assignment and the triangle', () => {
  it('an assignee sees the lead with contact withheld until it accepts; other tenants do not see it at all', async () => {
    const lead = await createLead();
    const assigned = data(await assign(NORTHWIND.slug, lead, { partnerId: BLUEPEAK.id }), 'assignLead');
    expect(assigned).toMatchObject({ status: 'NEW', version: 2, partner: { slug: 'bluepeak-it' }, acceptedAt: null });
    const hours = (new Date(assigned.acceptBy).getTime() - Date.now()) / 3_600_000;
    expect(Math.round(hours)).toBe(72); // the default window

    const seen = await lookup(BLUEPEAK.slug, lead.id);
    expect(seen).toMatchObject({ id: lead.id, companyName: 'Contoso Ltd', contactName: null, contactEmail: null, contactPhone: null });
    expect((await leadIdsOf(BLUEPEAK.slug)).edges.map((e) => e.node.id)).toContain(lead.id);
    for (const other of [HARBOR.slug, IONIC.slug, TESSERA.slug, MERIDIAN.slug, ATLAS.slug]) {
      expect(await lookup(other, lead.id)).toBeNull();
      expect((await leadIdsOf(other)).edges.map((e) => e.node.id)).not.toContain(lead.id);
      const entities = await t.as(other, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Lead { id companyName } } }`, {
        r: [{ __typename: 'Lead', id: lead.id }],
      });
      expect(entities.data?._entities ?? [null]).toEqual([null]);
    }
    // acting on it from outside reads exactly like an unknown lead
    for (const other of [HARBOR.slug, MERIDIAN.slug]) {
      const outside = await expectRefused(t.databaseUrl, () => accept(other, assigned), 'NOT_FOUND');
      const unknown = await accept(other, { id: UNKNOWN, version: 2 });
      expect(outside.errors![0].message).toBe(unknown.errors![0].message.replace(UNKNOWN, lead.id));
    }

    const accepted = data(await accept(BLUEPEAK.slug, assigned), 'acceptLead');
    expect(accepted).toMatchObject({
      status: 'ACCEPTED',
      contactName: 'Jane Roe',
      contactEmail: 'jane@contoso.example',
      contactPhone: '+49 30 1234567',
    });
    expect(accepted.acceptedAt).toEqual(expect.any(String));
  });

  it('refuses assignees outside the vendor’s channel as unknown (NOT_FOUND), writing nothing', async () => {
    const lead = await createLead({}, ATLAS.slug);
    // Harbor has no partnership with Atlas, Meridian no agreement: the same answer as an id that does not exist
    const harbor = await expectRefused(t.databaseUrl, () => assign(ATLAS.slug, lead, { partnerId: HARBOR.id }), 'NOT_FOUND');
    const nobody = await expectRefused(t.databaseUrl, () => assign(ATLAS.slug, lead, { partnerId: UNKNOWN }), 'NOT_FOUND');
    expect(harbor.errors![0].message).toBe(nobody.errors![0].message.replace(UNKNOWN, HARBOR.id));
    await expectRefused(t.databaseUrl, () => assign(ATLAS.slug, lead, { distributorId: MERIDIAN.id }), 'NOT_FOUND');
    await expectRefused(t.databaseUrl, () => assign(ATLAS.slug, lead, { partnerId: IONIC.id, distributorId: TESSERA.id }), 'BAD_USER_INPUT', 'to');
    await expectRefused(t.databaseUrl, () => assign(ATLAS.slug, lead, {}), 'BAD_USER_INPUT', 'to');
    await expectRefused(t.databaseUrl, () => assign(ATLAS.slug, { ...lead, version: 7 }, { partnerId: IONIC.id }), 'CONFLICT');
    // another vendor's lead is not there
    await expectRefused(t.databaseUrl, () => assign(NORTHWIND.slug, lead, { partnerId: BLUEPEAK.id }), 'NOT_FOUND');
  });

  it('a distributor passes a lead to a partner of its network for that vendor, then follows its progress without the contact', async () => {
    const lead = data(await assign(NORTHWIND.slug, await createLead(), { distributorId: TESSERA.id }), 'assignLead');
    expect(await lookup(TESSERA.slug, lead.id)).toMatchObject({ status: 'NEW', contactName: null, distributor: { id: TESSERA.id } });
    expect(await lookup(MERIDIAN.slug, lead.id)).toBeNull();
    expect(await lookup(BLUEPEAK.slug, lead.id)).toBeNull();
    // Harbor is in Meridian's network, not Tessera's: unknown, like a partner that does not exist
    const outside = await expectRefused(t.databaseUrl, () => assign(TESSERA.slug, lead, { partnerId: HARBOR.id }), 'NOT_FOUND');
    const nobody = await expectRefused(t.databaseUrl, () => assign(TESSERA.slug, lead, { partnerId: UNKNOWN }), 'NOT_FOUND');
    expect(outside.errors![0].message).toBe(nobody.errors![0].message.replace(UNKNOWN, HARBOR.id));
    await expectRefused(t.databaseUrl, () => assign(TESSERA.slug, lead, { distributorId: MERIDIAN.id }), 'BAD_USER_INPUT', 'to.distributorId');
    await expectRefused(t.databaseUrl, () => assign(MERIDIAN.slug, lead, { partnerId: HARBOR.id }), 'NOT_FOUND');

    const passed = data(await assign(TESSERA.slug, lead, { partnerId: BLUEPEAK.id }), 'assignLead');
    expect(passed).toMatchObject({ status: 'NEW', partner: { slug: 'bluepeak-it' }, distributor: { id: TESSERA.id } });
    // the distributor no longer holds it: it may not accept it, but sees it move
    await expectRefused(t.databaseUrl, () => accept(TESSERA.slug, passed), 'FORBIDDEN');
    const accepted = data(await accept(BLUEPEAK.slug, passed), 'acceptLead');
    expect(accepted.contactName).toBe('Jane Roe');
    expect(await lookup(TESSERA.slug, lead.id)).toMatchObject({ status: 'ACCEPTED', contactName: null, contactEmail: null });
    expect(await lookup(MERIDIAN.slug, lead.id)).toBeNull();
    expect(await lookup(HARBOR.slug, lead.id)).toBeNull();
  });

  it('declined, it returns to the vendor, who assigns it again; reassigned, the former assignee no longer sees it', async () => {
    const lead = data(await assign(NORTHWIND.slug, await createLead(), { partnerId: BLUEPEAK.id }), 'assignLead');
    await expectRefused(t.databaseUrl, () => decline(BLUEPEAK.slug, lead, ' '), 'BAD_USER_INPUT', 'reason');
    const declined = data(await decline(BLUEPEAK.slug, lead), 'declineLead');
    expect(declined).toMatchObject({ status: 'DECLINED', reason: 'No capacity this quarter', contactName: null });
    const unassigned = await ok(NORTHWIND.slug, `{ leads(filter: { unassigned: true }, first: 100) { edges { node { id } } } }`);
    expect(unassigned.leads.edges.map((e: Json) => e.node.id)).toContain(lead.id);
    // reassignLead is for leads an assignee holds; assignLead gives out the declined one
    await expectRefused(t.databaseUrl, () => reassign(NORTHWIND.slug, declined, { partnerId: HARBOR.id }), 'CONFLICT');
    const toHarbor = data(await assign(NORTHWIND.slug, declined, { partnerId: HARBOR.id }), 'assignLead');
    expect(toHarbor).toMatchObject({ status: 'NEW', partner: { slug: 'harbor-msp' }, reason: null });
    expect(await lookup(BLUEPEAK.slug, lead.id)).toBeNull();
    await expectRefused(t.databaseUrl, () => assign(NORTHWIND.slug, toHarbor, { partnerId: IONIC.id }), 'CONFLICT');
    await expectRefused(t.databaseUrl, () => reassign(NORTHWIND.slug, toHarbor, { partnerId: HARBOR.id }), 'BAD_USER_INPUT', 'to');
    const toIonic = data(await reassign(NORTHWIND.slug, toHarbor, { partnerId: IONIC.id }), 'reassignLead');
    expect(toIonic.partner.slug).toBe('ionic-integrators');
    expect(await lookup(HARBOR.slug, lead.id)).toBeNull();
    expect(await lookup(IONIC.slug, lead.id)).toMatchObject({ status: 'NEW', contactName: null });
    // a partner's reassignLead gives a lead it holds to one of its members (ownerSubject), never to an organization
    await expectRefused(t.databaseUrl, () => reassign(BLUEPEAK.slug, toIonic, { partnerId: BLUEPEAK.id }), 'BAD_USER_INPUT', 'to');
    const history = (await ok(NORTHWIND.slug, `query ($id: ID!) { lead(id: $id) { history { action } } }`, { id: lead.id })).lead.history;
    expect(history.map((h: Json) => h.action)).toEqual(['CREATED', 'ASSIGNED', 'DECLINED', 'ASSIGNED', 'REASSIGNED']);
  });

  it('closes an accepted lead as lost, with a reason; only its assignee may', async () => {
    const lead = await acceptedByBluepeak();
    await expectRefused(t.databaseUrl, () => closeLost(NORTHWIND.slug, lead), 'FORBIDDEN');
    await expectRefused(t.databaseUrl, () => closeLost(HARBOR.slug, lead), 'NOT_FOUND');
    await expectRefused(t.databaseUrl, () => closeLost(BLUEPEAK.slug, lead, ''), 'BAD_USER_INPUT', 'reason');
    const lost = data(await closeLost(BLUEPEAK.slug, lead), 'closeLead');
    expect(lost).toMatchObject({ status: 'LOST', reason: 'Went with a competitor', contactName: 'Jane Roe' });
    await expectRefused(t.databaseUrl, () => convert(BLUEPEAK.slug, lost), 'CONFLICT');
  });

  it('of concurrent accept and decline, exactly one wins', async () => {
    const lead = data(await assign(NORTHWIND.slug, await createLead(), { partnerId: BLUEPEAK.id }), 'assignLead');
    const answers = await Promise.all([accept(BLUEPEAK.slug, lead), decline(BLUEPEAK.slug, lead), accept(BLUEPEAK.slug, lead)]);
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.errors).map(code)).toEqual([['CONFLICT'], ['CONFLICT']]);
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM partner.change_events WHERE entity_id = $1`, [lead.id]);
    expect(n).toBe(3); // created, assigned, and the one decision
  });
});

describe('convertLead', () => {
  it('registers the deal prefilled from the lead, linked both ways, and the lead is CONVERTED', async () => {
    const lead = await acceptedByBluepeak();
    const converted = data(await convert(BLUEPEAK.slug, lead), 'convertLead');
    expect(converted.status).toBe('CONVERTED');
    expect(converted.deal).toMatchObject({ status: 'SUBMITTED', partner: { slug: 'bluepeak-it' }, lead: { id: lead.id } });
    const deal = (
      await ok(
        BLUEPEAK.slug,
        `query ($id: ID!) { deal(id: $id) { customerName customerDomain amount { amount currency } lines { product { id } quantity } lead { id status } } }`,
        { id: converted.deal.id },
      )
    ).deal;
    expect(deal).toEqual({
      customerName: 'Contoso Ltd',
      customerDomain: lead.companyDomain,
      amount: { amount: '25000.00', currency: 'USD' },
      lines: [
        { product: { id: NW_SEC }, quantity: 1 },
        { product: { id: NW_ANL }, quantity: 1 },
      ],
      lead: { id: lead.id, status: 'CONVERTED' },
    });
    const vendorSide = await lookup(NORTHWIND.slug, lead.id);
    expect(vendorSide.deal.id).toBe(converted.deal.id);
  });

  it('of concurrent conversions, exactly one makes a deal', async () => {
    const lead = await acceptedByBluepeak();
    const answers = await Promise.all(Array.from({ length: 4 }, () => convert(BLUEPEAK.slug, lead)));
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.errors).map(code)).toEqual([['CONFLICT'], ['CONFLICT'], ['CONFLICT']]);
    const deals = await sql(`SELECT id FROM partner.deals WHERE lead_id = $1`, [lead.id]);
    expect(deals).toHaveLength(1);
    expect(await sql(`SELECT status, deal_id FROM partner.leads WHERE id = $1`, [lead.id])).toEqual([{ status: 'CONVERTED', deal_id: deals[0].id }]);
  });

  it('the database holds the link: no lead CONVERTED without its deal, no two deals from one lead', async () => {
    const lead = await acceptedByBluepeak();
    await expect(sql(`UPDATE partner.leads SET status = 'CONVERTED' WHERE id = $1`, [lead.id])).rejects.toThrow(/leads_converted_with_deal/);
    const converted = data(await convert(BLUEPEAK.slug, lead), 'convertLead');
    const other = (await sql(`SELECT id FROM partner.deals WHERE lead_id IS NULL LIMIT 1`))[0].id;
    await expect(sql(`UPDATE partner.deals SET lead_id = $1 WHERE id = $2`, [lead.id, other])).rejects.toThrow(/deals_lead_id_key/);
    expect(converted.deal.id).toBeDefined();
  });

  it('refuses what a registration refuses, and a lead not accepted, writing nothing', async () => {
    const lead = await acceptedByBluepeak({ productIds: [], estimatedAmount: null });
    await expectRefused(t.databaseUrl, () => convert(BLUEPEAK.slug, lead), 'BAD_USER_INPUT', 'input.lines');
    const withLines = { expectedCloseDate: '2030-06-30', lines: [{ productId: NW_SEC, quantity: 2 }] };
    await expectRefused(t.databaseUrl, () => convert(BLUEPEAK.slug, lead, withLines), 'BAD_USER_INPUT', 'input.amount');
    const amount = { amount: '900.00', currency: 'USD' };
    await expectRefused(
      t.databaseUrl,
      () => convert(BLUEPEAK.slug, lead, { ...withLines, amount, expectedCloseDate: '2001-01-01' }),
      'BAD_USER_INPUT',
      'input.expectedCloseDate',
    );
    const atlasProduct = product('AM-LATHE-200');
    await expectRefused(
      t.databaseUrl,
      () => convert(BLUEPEAK.slug, lead, { ...withLines, amount, lines: [{ productId: atlasProduct, quantity: 1 }] }),
      'BAD_USER_INPUT',
      'input.lines[0].productId',
    );
    await expectRefused(
      t.databaseUrl,
      () => convert(BLUEPEAK.slug, lead, { ...withLines, amount, distributorId: MERIDIAN.id }),
      'BAD_USER_INPUT',
      'input.distributorId',
    );
    await expectRefused(t.databaseUrl, () => convert(HARBOR.slug, lead, { ...withLines, amount }), 'NOT_FOUND');
    await expectRefused(t.databaseUrl, () => convert(TESSERA.slug, lead, { ...withLines, amount }), 'FORBIDDEN');
    const fresh = data(await assign(NORTHWIND.slug, await createLead(), { partnerId: BLUEPEAK.id }), 'assignLead');
    await expectRefused(t.databaseUrl, () => convert(BLUEPEAK.slug, fresh), 'CONFLICT');
    const converted = data(await convert(BLUEPEAK.slug, lead, { ...withLines, amount }), 'convertLead');
    expect(converted.deal.status).toBe('SUBMITTED');
  });
});

describe('the acceptance window', () => {
  /** Moves a lead's window into the past, as the clock passing its deadline would. */
  const pastDeadline = async (id: string) => {
    const earlier = `- interval '100 hours'`;
    await sql(
      `UPDATE partner.leads SET created_at = created_at ${earlier}, assigned_at = assigned_at ${earlier}, accept_by = accept_by ${earlier} WHERE id = $1`,
      [id],
    );
    await sql(`UPDATE partner.change_events SET at = at ${earlier} WHERE entity_id = $1`, [id]);
  };

  it('is the vendor’s to set (1 to 720 hours), and applies to leads assigned from then on', async () => {
    const HOURS = `query ($id: ID!) { vendor(id: $id) { leadAcceptanceHours } }`;
    expect((await ok(ATLAS.slug, HOURS, { id: ATLAS.id })).vendor.leadAcceptanceHours).toBe(72);
    expect((await ok(NORTHWIND.slug, HOURS, { id: ATLAS.id })).vendor?.leadAcceptanceHours ?? null).toBeNull();
    for (const hours of [0, 721]) {
      await expectRefused(
        t.databaseUrl,
        () => t.as(ATLAS.slug, `mutation { setLeadAcceptanceWindow(hours: ${hours}) { id } }`),
        'BAD_USER_INPUT',
        'hours',
      );
    }
    await expectRefused(t.databaseUrl, () => t.as(IONIC.slug, `mutation { setLeadAcceptanceWindow(hours: 24) { id } }`), 'FORBIDDEN');
    const before = data(await assign(ATLAS.slug, await createLead({ productIds: [] }, ATLAS.slug), { partnerId: IONIC.id }), 'assignLead');
    await ok(ATLAS.slug, `mutation { setLeadAcceptanceWindow(hours: 24) { id leadAcceptanceHours } }`);
    expect((await ok(ATLAS.slug, HOURS, { id: ATLAS.id })).vendor.leadAcceptanceHours).toBe(24);
    const after = data(await assign(ATLAS.slug, await createLead({ productIds: [] }, ATLAS.slug), { partnerId: IONIC.id }), 'assignLead');
    const hoursOf = (lead: Json) => Math.round((new Date(lead.acceptBy).getTime() - Date.now()) / 3_600_000);
    expect(hoursOf(before)).toBe(72);
    expect(hoursOf(after)).toBe(24);
  });

  it('a lead not accepted in time reads EXPIRED, returns to the vendor, and the sweep writes it down once, as the system', async () => {
    const lead = data(await assign(NORTHWIND.slug, await createLead(), { partnerId: HARBOR.id }), 'assignLead');
    await pastDeadline(lead.id);
    const [{ accept_by: deadline }] = await sql(`SELECT accept_by FROM partner.leads WHERE id = $1`, [lead.id]);
    expect(await lookup(NORTHWIND.slug, lead.id)).toMatchObject({ status: 'EXPIRED', version: 2 });
    expect(await lookup(HARBOR.slug, lead.id)).toMatchObject({ status: 'EXPIRED', contactName: null });
    const expiredList = await ok(NORTHWIND.slug, `{ leads(filter: { status: [EXPIRED] }, first: 100) { edges { node { id } } } }`);
    expect(expiredList.leads.edges.map((e: Json) => e.node.id)).toContain(lead.id);
    await expectRefused(t.databaseUrl, () => accept(HARBOR.slug, lead), 'CONFLICT');

    const expired = await expireLeads(t.stack.subgraphs.partner.dataSource);
    expect(expired).toContain(lead.id);
    expect(await expireLeads(t.stack.subgraphs.partner.dataSource)).toEqual([]);
    expect(await sql(`SELECT status, version FROM partner.leads WHERE id = $1`, [lead.id])).toEqual([{ status: 'EXPIRED', version: 3 }]);
    const history = (
      await ok(
        NORTHWIND.slug,
        `query ($id: ID!) { lead(id: $id) { history { action actorRole actorOrganizationId actorSubject at changes { field before after } } } }`,
        {
          id: lead.id,
        },
      )
    ).lead.history;
    expect(history.at(-1)).toEqual({
      action: 'EXPIRED',
      actorRole: 'VENDOR',
      actorOrganizationId: NORTHWIND.id,
      actorSubject: 'system:lead-expiry',
      at: new Date(deadline).toISOString(),
      changes: [{ field: 'status', before: 'NEW', after: 'EXPIRED' }],
    });
    // back with the vendor: it gives the lead to someone else, with a fresh window
    const again = data(await assign(NORTHWIND.slug, { ...lead, version: 3 }, { partnerId: BLUEPEAK.id }), 'assignLead');
    expect(again).toMatchObject({ status: 'NEW', partner: { slug: 'bluepeak-it' } });
    expect(await lookup(HARBOR.slug, lead.id)).toBeNull();
  });

  it('a decision on a lead past its deadline first writes its expiry into the history', async () => {
    const lead = data(await assign(NORTHWIND.slug, await createLead(), { partnerId: BLUEPEAK.id }), 'assignLead');
    await pastDeadline(lead.id);
    // the caller read it EXPIRED at version 2, before any sweep
    const reassigned = data(await assign(NORTHWIND.slug, lead, { partnerId: HARBOR.id }), 'assignLead');
    expect(reassigned.version).toBe(4);
    const history = (await ok(NORTHWIND.slug, `query ($id: ID!) { lead(id: $id) { history { action } } }`, { id: lead.id })).lead.history;
    expect(history.map((h: Json) => h.action)).toEqual(['CREATED', 'ASSIGNED', 'EXPIRED', 'ASSIGNED']);
  });
});
