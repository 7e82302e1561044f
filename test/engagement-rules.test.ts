import { Client } from 'pg';
import { ATLAS, NORTHWIND, demoEcosystem } from '../tooling/demo/catalog';
import { expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';

/**
 * Rules of engagement through the graph, through the gateway: direct accounts (create, update, end) and engagement
 * rules (create, update, retire), their validation, the audit trail, another vendor's ids, and the DIRECT_SEGMENT
 * conflict a registration in a reserved segment gets (the vendor sees which rule; nobody else does).
 */
const t = useTestStack();
const eco = demoEcosystem();
const product = (sku: string) => eco.products.find((p) => p.sku === sku)!;
const NW_SEC = product('NW-SEC');
const NW_ANL = product('NW-ANL');
const ATLAS_ACCOUNT = eco.directAccounts.find((a) => a.vendorId === ATLAS.id)!;
const DEMO_RULE = eco.engagementRules[0];
const UNKNOWN = '6f1c2b1e-0000-4000-8000-0000000000bb';
const HISTORY = `history { action actorRole changes { field before after } }`;

const ACCOUNT = `id customerName domain endedAt vendor { slug } ${HISTORY}`;
const CREATE_ACCOUNT = `mutation ($input: CreateDirectAccountInput!) { createDirectAccount(input: $input) { ${ACCOUNT} } }`;
const UPDATE_ACCOUNT = `mutation ($input: UpdateDirectAccountInput!) { updateDirectAccount(input: $input) { ${ACCOUNT} } }`;
const END_ACCOUNT = `mutation ($id: ID!) { endDirectAccount(id: $id) { ${ACCOUNT} } }`;
const RULE = `id name region country productCategory createdAt retiredAt amountBand { min { amount currency } max { amount currency } } vendor { slug } ${HISTORY}`;
const CREATE_RULE = `mutation ($input: CreateEngagementRuleInput!) { createEngagementRule(input: $input) { ${RULE} } }`;
const UPDATE_RULE = `mutation ($input: UpdateEngagementRuleInput!) { updateEngagementRule(input: $input) { ${RULE} } }`;
const RETIRE_RULE = `mutation ($id: ID!) { retireEngagementRule(id: $id) { ${RULE} } }`;
const REGISTER = `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id } }`;
const CONFLICTS = `query ($id: ID!) { deal(id: $id) { id hasConflict conflicts { kind customerName engagementRule { id name retiredAt } } } }`;

async function ok<T = any>(slug: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await t.as(slug, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}
const refused = (slug: string, query: string, variables: Record<string, unknown>, code: string, field?: string) =>
  expectRefused(t.databaseUrl, () => t.as(slug, query, variables), code, field);

let counter = 0;
const fresh = (label: string) => `${label}-${process.pid}-${++counter}`;
const freshDomain = () => `${fresh('segment')}.example.org`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** bluepeak-it (EMEA, DE) registers on northwind-cloud, routed through tessera-distribution. */
const registration = (over: Record<string, unknown> = {}) => ({
  vendorId: NORTHWIND.id,
  customerName: 'Segment Customer',
  customerDomain: freshDomain(),
  lines: [{ productId: NW_SEC.id, quantity: 3 }],
  amount: { amount: '42000.00', currency: 'USD' },
  expectedCloseDate: inDays(40),
  distributorId: eco.distributors.find((d) => d.slug === 'tessera-distribution')!.id,
  ...over,
});
const register = async (over: Record<string, unknown> = {}) =>
  (await ok('bluepeak-it', REGISTER, { input: registration(over) })).registerDeal.id as string;
const conflictsOf = async (dealId: string, slug = 'northwind-cloud') => (await ok(slug, CONFLICTS, { id: dealId })).deal;
const createRule = async (input: Record<string, unknown>) =>
  (await ok('northwind-cloud', CREATE_RULE, { input: { name: fresh('Rule'), ...input } })).createEngagementRule;

describe('direct accounts', () => {
  it('createDirectAccount names a customer by its normalized domain, with a CREATED entry; registrations for it are DIRECT_ACCOUNT', async () => {
    const domain = freshDomain();
    const { createDirectAccount } = await ok('northwind-cloud', CREATE_ACCOUNT, {
      input: { customerName: ' Segment Holdings ', domain: `https://www.${domain.toUpperCase()}/about` },
    });
    expect(createDirectAccount).toMatchObject({ customerName: 'Segment Holdings', domain, endedAt: null, vendor: { slug: 'northwind-cloud' } });
    expect(createDirectAccount.history).toEqual([
      {
        action: 'CREATED',
        actorRole: 'VENDOR',
        changes: [
          { field: 'customerName', before: null, after: 'Segment Holdings' },
          { field: 'domain', before: null, after: domain },
        ],
      },
    ]);
    const deal = await register({ customerDomain: domain });
    expect((await conflictsOf(deal)).conflicts).toEqual([{ kind: 'DIRECT_ACCOUNT', customerName: 'Segment Holdings', engagementRule: null }]);
  });

  it('refuses a domain the vendor already names (CONFLICT), a bad domain or blank name (BAD_USER_INPUT), writing nothing', async () => {
    await refused('northwind-cloud', CREATE_ACCOUNT, { input: { customerName: 'Again', domain: 'WWW.Globex.example' } }, 'CONFLICT');
    await refused('northwind-cloud', CREATE_ACCOUNT, { input: { customerName: 'X', domain: 'not a domain' } }, 'BAD_USER_INPUT', 'input.domain');
    await refused('northwind-cloud', CREATE_ACCOUNT, { input: { customerName: ' ', domain: freshDomain() } }, 'BAD_USER_INPUT', 'input.customerName');
    await refused('bluepeak-it', CREATE_ACCOUNT, { input: { customerName: 'X', domain: freshDomain() } }, 'FORBIDDEN');
    await refused('tessera-distribution', CREATE_ACCOUNT, { input: { customerName: 'X', domain: freshDomain() } }, 'FORBIDDEN');
  });

  it('updateDirectAccount changes what is given and records it; another vendor’s account reads as unknown', async () => {
    const created = (await ok('northwind-cloud', CREATE_ACCOUNT, { input: { customerName: 'Before', domain: freshDomain() } })).createDirectAccount;
    const domain = freshDomain();
    const { updateDirectAccount } = await ok('northwind-cloud', UPDATE_ACCOUNT, { input: { id: created.id, customerName: 'After', domain } });
    expect(updateDirectAccount).toMatchObject({ customerName: 'After', domain });
    expect(updateDirectAccount.history[1]).toEqual({
      action: 'UPDATED',
      actorRole: 'VENDOR',
      changes: [
        { field: 'customerName', before: 'Before', after: 'After' },
        { field: 'domain', before: created.domain, after: domain },
      ],
    });
    await refused('northwind-cloud', UPDATE_ACCOUNT, { input: { id: created.id, domain: 'globex.example' } }, 'CONFLICT');
    await refused('northwind-cloud', UPDATE_ACCOUNT, { input: { id: created.id } }, 'BAD_USER_INPUT', 'input');
    await refused('northwind-cloud', UPDATE_ACCOUNT, { input: { id: created.id, customerName: null } }, 'BAD_USER_INPUT', 'input.customerName');
    const other = await refused('northwind-cloud', UPDATE_ACCOUNT, { input: { id: ATLAS_ACCOUNT.id, customerName: 'Mine' } }, 'NOT_FOUND');
    const unknown = await refused('northwind-cloud', UPDATE_ACCOUNT, { input: { id: UNKNOWN, customerName: 'Mine' } }, 'NOT_FOUND');
    expect(other.errors![0].message).toBe(`DirectAccount ${ATLAS_ACCOUNT.id} was not found.`);
    expect(unknown.errors![0].message).toBe(`DirectAccount ${UNKNOWN} was not found.`);
    await refused('bluepeak-it', UPDATE_ACCOUNT, { input: { id: created.id, customerName: 'x' } }, 'FORBIDDEN');
  });

  it('endDirectAccount keeps the account (and deals it flagged) but stops flagging new registrations; the domain may be named again', async () => {
    const domain = freshDomain();
    const account = (await ok('northwind-cloud', CREATE_ACCOUNT, { input: { customerName: 'Ending Co', domain } })).createDirectAccount;
    const flagged = await register({ customerDomain: domain });
    const { endDirectAccount } = await ok('northwind-cloud', END_ACCOUNT, { id: account.id });
    expect(endDirectAccount.endedAt).toEqual(expect.any(String));
    expect(endDirectAccount.history.map((e: { action: string }) => e.action)).toEqual(['CREATED', 'ENDED']);

    expect((await conflictsOf(flagged)).conflicts).toContainEqual({ kind: 'DIRECT_ACCOUNT', customerName: 'Ending Co', engagementRule: null });
    const after = await register({ customerDomain: domain });
    expect((await conflictsOf(after)).conflicts.map((c: { kind: string }) => c.kind)).not.toContain('DIRECT_ACCOUNT');

    const lists = await ok('northwind-cloud', `{ me { vendor { open: directAccounts { id } all: directAccounts(includeEnded: true) { id } } } }`);
    expect(lists.me.vendor.open.map((a: { id: string }) => a.id)).not.toContain(account.id);
    expect(lists.me.vendor.all.map((a: { id: string }) => a.id)).toContain(account.id);

    await refused('northwind-cloud', END_ACCOUNT, { id: account.id }, 'CONFLICT');
    await refused('northwind-cloud', UPDATE_ACCOUNT, { input: { id: account.id, customerName: 'Back' } }, 'CONFLICT');
    const again = await ok('northwind-cloud', CREATE_ACCOUNT, { input: { customerName: 'Ending Co again', domain } });
    expect(again.createDirectAccount.domain).toBe(domain);
    await refused('northwind-cloud', END_ACCOUNT, { id: ATLAS_ACCOUNT.id }, 'NOT_FOUND');
    await refused('tessera-distribution', END_ACCOUNT, { id: account.id }, 'FORBIDDEN');
  });
});

describe('engagement rules', () => {
  it('createEngagementRule stores the segment (band in minor units, the category as the catalog spells it) with a CREATED entry', async () => {
    const name = fresh('Austria security');
    const { createEngagementRule: rule } = await ok('northwind-cloud', CREATE_RULE, {
      input: {
        name,
        country: 'AT',
        amountBand: { min: { amount: '10000', currency: 'USD' }, max: { amount: '1000000.50', currency: 'USD' } },
        productCategory: 'SECURITY',
      },
    });
    expect(rule).toMatchObject({
      name,
      region: null,
      country: 'AT',
      productCategory: 'security',
      retiredAt: null,
      amountBand: { min: { amount: '10000.00', currency: 'USD' }, max: { amount: '1000000.50', currency: 'USD' } },
      vendor: { slug: 'northwind-cloud' },
    });
    expect(rule.history).toEqual([
      {
        action: 'CREATED',
        actorRole: 'VENDOR',
        changes: [
          { field: 'name', before: null, after: name },
          { field: 'country', before: null, after: 'AT' },
          { field: 'amountBand.min', before: null, after: '10000.00 USD' },
          { field: 'amountBand.max', before: null, after: '1000000.50 USD' },
          { field: 'productCategory', before: null, after: 'security' },
        ],
      },
    ]);
    const listed = await ok('northwind-cloud', `{ me { vendor { engagementRules { id name } } } }`);
    expect(listed.me.vendor.engagementRules).toEqual(
      expect.arrayContaining([
        { id: rule.id, name },
        { id: DEMO_RULE.id, name: DEMO_RULE.name },
      ]),
    );
  });

  const usd = (amount: string) => ({ amount, currency: 'USD' });
  it.each([
    ['a blank name', { name: ' ' }, 'input.name'],
    ['an unknown region', { region: 'EUROPE' }, 'input.region'],
    ['a lower-case country', { country: 'de' }, 'input.country'],
    ['a country that is not ISO 3166-1', { country: 'XX' }, 'input.country'],
    ['a region and a country', { region: 'EMEA', country: 'DE' }, 'input.country'],
    ['no criterion at all', { region: null }, 'input'],
    ['a band without ends', { amountBand: {} }, 'input.amountBand'],
    ['a band whose max is not above min', { amountBand: { min: usd('500'), max: usd('500') } }, 'input.amountBand.max.amount'],
    ['a band in two currencies', { amountBand: { min: usd('1'), max: { amount: '9', currency: 'EUR' } } }, 'input.amountBand.max.currency'],
    ['a negative band', { amountBand: { min: usd('-1') } }, 'input.amountBand.min.amount'],
    ['a band with a cent fraction', { amountBand: { min: usd('1.001') } }, 'input.amountBand.min.amount'],
    ['a band currency that is not one', { amountBand: { min: { amount: '1', currency: 'ZZZ' } } }, 'input.amountBand.min.currency'],
    ['a category the catalog does not have', { productCategory: 'platfrom' }, 'input.productCategory'],
  ])('refuses %s (BAD_USER_INPUT), writing nothing', async (_label, over, field) => {
    await refused('northwind-cloud', CREATE_RULE, { input: { name: fresh('Bad'), ...over } }, 'BAD_USER_INPUT', field);
  });

  it('refuses a huge band before any subgraph is asked (the Decimal scalar), and a duplicate active name (CONFLICT)', async () => {
    const huge = { amountBand: { max: { amount: '9'.repeat(40), currency: 'USD' } } };
    await refused('northwind-cloud', CREATE_RULE, { input: { name: fresh('Huge'), ...huge } }, 'BAD_USER_INPUT');
    // 15 digits is the largest amount anywhere in the graph: accepted, still exact
    const top = await createRule({ amountBand: { min: usd('999999999999999.99') } });
    expect(top.amountBand).toEqual({ min: usd('999999999999999.99'), max: null });
    const name = fresh('Twice');
    await createRule({ name, region: 'APAC' });
    const twice = await refused('northwind-cloud', CREATE_RULE, { input: { name: name.toUpperCase(), region: 'LATAM' } }, 'CONFLICT');
    expect(twice.errors![0].message).toBe(
      `You already have an active engagement rule named "${name}" (names are compared without case): choose another name.`,
    );
  });

  it('is for vendors only, and nobody else can read a rule', async () => {
    await refused('bluepeak-it', CREATE_RULE, { input: { name: 'x', region: 'NA' } }, 'FORBIDDEN');
    await refused('tessera-distribution', CREATE_RULE, { input: { name: 'x', region: 'NA' } }, 'FORBIDDEN');
    await refused('bluepeak-it', RETIRE_RULE, { id: DEMO_RULE.id }, 'FORBIDDEN');
    for (const slug of ['bluepeak-it', 'tessera-distribution']) {
      const response = await t.as(slug, `query ($id: ID!) { vendor(id: $id) { slug engagementRules { id } } }`, { id: NORTHWIND.id });
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(response.data?.vendor).toEqual({ slug: 'northwind-cloud', engagementRules: null });
    }
    // another vendor: its own list only, and northwind's rules are unknown ids
    const atlas = await ok('atlas-machinery', `{ me { vendor { engagementRules { id } } } }`);
    expect(atlas.me.vendor.engagementRules).toEqual([]);
    const other = await refused('atlas-machinery', UPDATE_RULE, { input: { id: DEMO_RULE.id, name: 'Mine' } }, 'NOT_FOUND');
    const unknown = await refused('atlas-machinery', UPDATE_RULE, { input: { id: UNKNOWN, name: 'Mine' } }, 'NOT_FOUND');
    expect(other.errors![0].message).toBe(`EngagementRule ${DEMO_RULE.id} was not found.`);
    expect(unknown.errors![0].message).toBe(`EngagementRule ${UNKNOWN} was not found.`);
    await refused('atlas-machinery', RETIRE_RULE, { id: DEMO_RULE.id }, 'NOT_FOUND');
  });

  it('updateEngagementRule changes the criteria given (null clears one), keeps one at least, records before → after', async () => {
    const rule = await createRule({ region: 'EMEA', productCategory: 'analytics' });
    const { updateEngagementRule } = await ok('northwind-cloud', UPDATE_RULE, {
      input: { id: rule.id, region: null, country: 'FR', amountBand: { max: usd('50000') } },
    });
    expect(updateEngagementRule).toMatchObject({
      region: null,
      country: 'FR',
      productCategory: 'analytics',
      amountBand: { min: null, max: usd('50000.00') },
    });
    expect(updateEngagementRule.history[1]).toEqual({
      action: 'UPDATED',
      actorRole: 'VENDOR',
      changes: [
        { field: 'region', before: 'EMEA', after: null },
        { field: 'country', before: null, after: 'FR' },
        { field: 'amountBand.max', before: null, after: '50000.00 USD' },
      ],
    });
    await refused('northwind-cloud', UPDATE_RULE, { input: { id: rule.id, region: 'EMEA' } }, 'BAD_USER_INPUT', 'input.country');
    await refused(
      'northwind-cloud',
      UPDATE_RULE,
      { input: { id: rule.id, country: null, amountBand: null, productCategory: null } },
      'BAD_USER_INPUT',
      'input',
    );
    await refused('northwind-cloud', UPDATE_RULE, { input: { id: rule.id, name: null } }, 'BAD_USER_INPUT', 'input.name');
    await refused('northwind-cloud', UPDATE_RULE, { input: { id: rule.id } }, 'BAD_USER_INPUT', 'input');
  });

  it('the cap: a vendor keeps at most 100 active rules (CONFLICT beyond, writing nothing)', async () => {
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO vendor.engagement_rules (vendor_id, name, region) SELECT $1, 'Filler ' || n, 'APAC' FROM generate_series(1, 100) AS n`,
        [ATLAS.id],
      );
    } finally {
      await client.end();
    }
    const response = await refused('atlas-machinery', CREATE_RULE, { input: { name: 'One more', region: 'NA' } }, 'CONFLICT');
    expect(response.errors![0].message).toBe('You have 100 open engagement rules, the most a vendor may have: retire one first.');
  });
});

describe('DIRECT_SEGMENT', () => {
  let rule: { id: string; name: string };
  beforeAll(async () => {
    // bluepeak-it is in DE: security deals from 10,000 up to (not including) 100,000 USD there are northwind's own
    rule = await createRule({ country: 'DE', productCategory: 'security', amountBand: { min: usd('10000'), max: usd('100000') } });
  });
  const usd = (amount: string) => ({ amount, currency: 'USD' });

  it('flags a registration in the segment; the vendor sees which rule, the routed distributor only the kind', async () => {
    const deal = await register();
    expect(await conflictsOf(deal)).toEqual({
      id: deal,
      hasConflict: true,
      conflicts: [{ kind: 'DIRECT_SEGMENT', customerName: null, engagementRule: { id: rule.id, name: rule.name, retiredAt: null } }],
    });
    const distributor = await t.as('tessera-distribution', CONFLICTS, { id: deal });
    expect(distributor.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['deal', 'conflicts', 0, 'engagementRule']]]);
    expect(distributor.data?.deal.conflicts).toEqual([{ kind: 'DIRECT_SEGMENT', customerName: null, engagementRule: null }]);
  });

  it('tells the partner nothing of the rule: the conflict details and the rule are not the partner’s to read', async () => {
    const deal = await register();
    const partner = await t.as('bluepeak-it', `query ($id: ID!) { deal(id: $id) { id conflicts { kind engagementRule { id } } } }`, { id: deal });
    expect(partner.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(partner.data?.deal).toEqual({ id: deal, conflicts: null });
    // the registration's own answer is the same shape as any other
    const answer = await t.as('bluepeak-it', `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id status } }`, {
      input: registration(),
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.registerDeal.status).toBe('SUBMITTED');
  });

  it.each([
    ['below the band', { amount: usd('9999.99') }],
    ['at the band’s max (excluded)', { amount: usd('100000.00') }],
    ['in another currency', { amount: { amount: '42000.00', currency: 'EUR' } }],
    ['without a product of the category', { lines: [{ productId: NW_ANL.id, quantity: 1 }] }],
  ])('does not flag a registration %s', async (_label, over) => {
    const deal = await register(over);
    expect((await conflictsOf(deal)).conflicts).toEqual([]);
  });

  it('flags at the band’s min (included), and with one line of the category among others', async () => {
    const atMin = await register({ amount: usd('10000.00') });
    const mixed = await register({
      lines: [
        { productId: NW_ANL.id, quantity: 1 },
        { productId: NW_SEC.id, quantity: 1 },
      ],
    });
    for (const deal of [atMin, mixed]) expect((await conflictsOf(deal)).conflicts.map((c: { kind: string }) => c.kind)).toEqual(['DIRECT_SEGMENT']);
  });

  it('retiring the rule stops flagging new registrations; the deals it flagged keep it, readable with its retirement', async () => {
    const own = await createRule({ country: 'DE', productCategory: 'analytics' });
    const flagged = await register({ lines: [{ productId: NW_ANL.id, quantity: 2 }], amount: usd('3000.00') });
    const { retireEngagementRule } = await ok('northwind-cloud', RETIRE_RULE, { id: own.id });
    expect(retireEngagementRule.history.map((e: { action: string }) => e.action)).toEqual(['CREATED', 'RETIRED']);
    const after = await register({ lines: [{ productId: NW_ANL.id, quantity: 2 }], amount: usd('3000.00') });
    expect((await conflictsOf(flagged)).conflicts).toEqual([
      { kind: 'DIRECT_SEGMENT', customerName: null, engagementRule: { id: own.id, name: own.name, retiredAt: retireEngagementRule.retiredAt } },
    ]);
    expect((await conflictsOf(after)).conflicts).toEqual([]);
    await refused('northwind-cloud', RETIRE_RULE, { id: own.id }, 'CONFLICT');
    await refused('northwind-cloud', UPDATE_RULE, { input: { id: own.id, name: 'Back' } }, 'CONFLICT');
    const lists = await ok(
      'northwind-cloud',
      `{ me { vendor { active: engagementRules { id } all: engagementRules(includeRetired: true) { id } } } }`,
    );
    expect(lists.me.vendor.active.map((r: { id: string }) => r.id)).not.toContain(own.id);
    expect(lists.me.vendor.all.map((r: { id: string }) => r.id)).toContain(own.id);
  });

  it('the demo: the seeded registration made after northwind’s rule shows the rule to northwind', async () => {
    const granite = eco.partners.find((p) => p.slug === 'granite-systems')!;
    const seeded = eco.deals.filter((d) => d.partnerId === granite.id && d.createdAt >= DEMO_RULE.createdAt && d.vendorId === NORTHWIND.id);
    expect(seeded).toHaveLength(1);
    const demo = await ok('northwind-cloud', `{ me { vendor { engagementRules { id ${HISTORY} } } } }`);
    expect(demo.me.vendor.engagementRules.find((r: { id: string }) => r.id === DEMO_RULE.id).history).toEqual([
      {
        action: 'CREATED',
        actorRole: 'VENDOR',
        changes: [
          { field: 'name', before: null, after: DEMO_RULE.name },
          { field: 'region', before: null, after: 'NA' },
          { field: 'amountBand.min', before: null, after: '250000.00 USD' },
          { field: 'productCategory', before: null, after: 'platform' },
        ],
      },
    ]);
    const seen = await conflictsOf(seeded[0].id);
    expect(seen.conflicts).toContainEqual({
      kind: 'DIRECT_SEGMENT',
      customerName: null,
      engagementRule: { id: DEMO_RULE.id, name: DEMO_RULE.name, retiredAt: null },
    });
  });
});
