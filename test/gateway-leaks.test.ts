import { SignJWT } from 'jose';
import { SUBGRAPHS, loadConfig } from '../common/config';
import { demoOrganizations } from '../tooling/demo/catalog';
import { encodeCursor } from '../common/pagination';
import { issueDevelopmentToken } from '../gateway/auth';
import { post, startTestStack, tokenFor, type TestStack, useTestStack } from './support/stack';

/**
 * What a tenant with a valid token can learn that is not its own: the API schema behind its role's contract, database
 * and internal text in errors, another caller's signed identity, other organizations' users, suggestions of names.
 */

const t = useTestStack();

const org = (slug: string) => demoOrganizations().find((o) => o.slug === slug)!;
const sentToSubgraphs = () => SUBGRAPHS.flatMap((name) => t.received[name]);
const clearReceived = () => SUBGRAPHS.forEach((name) => (t.received[name].length = 0));
const everyText = (response: unknown) => JSON.stringify(response);

/** Every field name an introspection answer lists, wherever it sits in the answer. */
function fieldNames(data: unknown): string[] {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'fields' && Array.isArray(value)) names.push(...value.map((f: { name: string }) => f.name));
      walk(value);
    }
  };
  walk(data);
  return names;
}

function introspectionAttacks(url: () => string, token: () => Promise<string>) {
  const send = async (query: string) => post(url(), { query }, { authorization: `Bearer ${await token()}` });
  return () => {
    it.each([
      ['an inline fragment on Query', '{ ... on Query { __type(name: "Product") { fields { name } } } }'],
      ['a named fragment', 'query { ...Types } fragment Types on Query { __type(name: "Product") { fields { name } } }'],
      [
        'a named fragment inside an inline fragment',
        '{ ... on Query { ...Types } } fragment Types on Query { __type(name: "Product") { fields { name } } }',
      ],
      ['an alias', '{ product: __type(name: "Product") { fields { name } } }'],
      ['the whole schema in a named fragment', 'query { ...All } fragment All on Query { __schema { types { name fields { name } } } }'],
    ])("%s is answered from the partner's contract: no unitCost", async (_name, query) => {
      const response = await send(query);
      expect(response.errors).toBeUndefined();
      const names = fieldNames(response.data);
      expect(names).toContain('listPrice');
      expect(names).not.toContain('unitCost');
      expect(names).not.toContain('margin');
    });

    it.each([
      ['beside a data field in an inline fragment', '{ ... on Query { __type(name: "Product") { name } me { slug } } }'],
      ['in a named fragment beside a data field', '{ me { slug } ...T } fragment T on Query { __schema { queryType { name } } }'],
      ['a data field in a fragment beside introspection', '{ __type(name: "Product") { name } ...M } fragment M on Query { me { slug } }'],
    ])('mixed with data fields %s is refused with a clear error', async (_name, query) => {
      clearReceived();
      const response = await send(query);
      expect(response.status).toBe(400);
      expect(response.data ?? null).toBeNull();
      expect(response.errors![0]).toMatchObject({
        message: 'Send introspection (__schema, __type) in an operation of its own.',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(sentToSubgraphs()).toEqual([]);
    });
  };
}

describe(
  'introspection is the role contract wherever it appears (development)',
  introspectionAttacks(
    () => t.stack.gatewayUrl,
    () => tokenFor('bluepeak-it'),
  ),
);

describe('argument and variable values are checked before planning', () => {
  const dealsAfter = (after: string) => t.as('bluepeak-it', 'query ($after: String) { deals(first: 2, after: $after) { totalCount } }', { after });
  const someId = '00000000-0000-4000-8000-000000000000';

  it.each([
    ['an impossible date inside', encodeCursor(['2026-02-30T00:00:00.000Z', someId])],
    ['an impossible time inside', encodeCursor(['2026-01-01T25:61:00.000Z', someId])],
    ['no id', encodeCursor(['2026-01-01T00:00:00.000Z'])],
    ['not base64 JSON', 'not-a-cursor!!'],
    ['a NUL byte', encodeCursor(['a\u0000b', someId])],
  ])('a forged cursor with %s is BAD_USER_INPUT naming the argument, no database text', async (_name, after) => {
    clearReceived();
    const response = await dealsAfter(after);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ message: expect.stringContaining('deals(after)'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(everyText(response)).not.toMatch(/out of range|invalid input|byte sequence|syntax|postgres|QueryFailed/i);
    expect(sentToSubgraphs()).toEqual([]);
  });

  it('a well-formed cursor of another order (a name where the deals have a date) is refused by the subgraph as BAD_USER_INPUT', async () => {
    const response = await dealsAfter(encodeCursor(['Bluepeak IT', someId]));
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ message: 'after: is not a cursor returned by this list.', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('a cursor the list returned is accepted', async () => {
    const first = await t.as('bluepeak-it', '{ deals(first: 1) { pageInfo { endCursor } } }');
    const response = await dealsAfter((first.data!.deals as any).pageInfo.endCursor);
    expect(response.errors).toBeUndefined();
  });

  it.each([
    ['a literal', '{ partners(filter: { search: "a\\u0000b" }) { totalCount } }', {}, 'partners(filter.search)'],
    ['a variable', 'query ($s: String) { partners(filter: { search: $s }) { totalCount } }', { s: 'a\u0000b' }, 'partners(filter.search)'],
    [
      'an input object variable',
      'query ($f: PartnerFilter) { partners(filter: $f) { totalCount } }',
      { f: { country: 'D\u0000E' } },
      'partners(filter.country)',
    ],
  ])('a NUL byte in %s is BAD_USER_INPUT naming the argument', async (_name, query, variables, argument) => {
    clearReceived();
    const response = await t.as('northwind-cloud', query, variables);
    expect(response.errors![0]).toMatchObject({ message: expect.stringContaining(argument), extensions: { code: 'BAD_USER_INPUT' } });
    expect(everyText(response)).not.toMatch(/byte sequence|UTF8|0x00/i);
    expect(sentToSubgraphs()).toEqual([]);
  });

  const period = (from: string, to: string) =>
    t.as('northwind-cloud', 'query ($p: PeriodInput!) { me { vendor { topPartners(period: $p, currency: "EUR") { partner { id } } } } }', {
      p: { from, to },
    });

  it.each([
    ['2026-02-30', '2026-03-31'],
    ['2026-01-01', '2026-13-01'],
    ['2026-1-01', '2026-03-31'],
  ])('an impossible date (%s … %s) is BAD_USER_INPUT naming the argument', async (from, to) => {
    clearReceived();
    const response = await period(from, to);
    expect(response.errors![0]).toMatchObject({
      message: expect.stringMatching(/topPartners\(period\.(from|to)\)/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(sentToSubgraphs()).toEqual([]);
  });

  it('a real period is answered', async () => {
    const response = await period('2025-01-01', '2025-12-31');
    expect(response.errors).toBeUndefined();
  });

  it.each([
    ['more digits than money holds', '1' + '0'.repeat(30)],
    ['an exponent', '1e30'],
    ['no digits', '.'],
  ])('a Decimal with %s is BAD_USER_INPUT naming the argument', async (_name, amount) => {
    clearReceived();
    const response = await t.as(
      'bluepeak-it',
      'mutation ($m: MoneyInput!) { requestMdf(input: { incentiveId: "00000000-0000-4000-8000-000000000000", amount: $m, activity: "x" }) { id } }',
      { m: { amount, currency: 'EUR' } },
    );
    expect(response.errors![0]).toMatchObject({
      message: expect.stringContaining('requestMdf(input.amount.amount)'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(sentToSubgraphs()).toEqual([]);
  });
});

describe('the identity behind a token', () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  const sign = (claims: Record<string, unknown>, subject: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer(config.jwt.issuer)
      .setAudience(config.jwt.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(config.jwt.secret));

  it.each([
    ['an id followed by a separator', `${org('bluepeak-it').id}|x`],
    ['a slug', 'bluepeak-it'],
    ['an empty-looking id', '00000000-0000-0000-0000-00000000000'],
  ])('an org claim that is %s is refused with 401 UNAUTHENTICATED', async (_name, organization) => {
    const token = await sign({ role: 'PARTNER', org: organization }, 'y');
    const response = await post(t.stack.gatewayUrl, { query: '{ me { slug } }' }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.errors![0]).toMatchObject({ message: expect.stringMatching(/org claim/), extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('an id in upper case is the same organization', async () => {
    const token = await sign({ role: 'PARTNER', org: org('bluepeak-it').id.toUpperCase() }, 'user:bluepeak-it');
    const response = await post(t.stack.gatewayUrl, { query: '{ me { slug } }' }, { authorization: `Bearer ${token}` });
    expect(response.data).toEqual({ me: { slug: 'bluepeak-it' } });
  });
});

describe("other organizations' people", () => {
  const history =
    '{ deals(first: 100) { edges { node { history(first: 100) { edges { node { actorSubject actorRole actorOrganizationId } } } } } } }';
  const events = (data: any) => (data.deals.edges as any[]).flatMap((deal) => deal.node.history.edges.map((e: any) => e.node));

  it.each(['bluepeak-it', 'northwind-cloud', 'tessera-distribution'])('%s sees the subjects of its own users only', async (slug) => {
    const response = await t.as(slug, history);
    expect(response.errors).toBeUndefined();
    const all = events(response.data);
    const own = all.filter((e) => e.actorOrganizationId === org(slug).id);
    const others = all.filter((e) => e.actorOrganizationId !== org(slug).id);
    expect(own.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const event of own) expect(event.actorSubject).toEqual(expect.any(String));
    for (const event of others) expect(event.actorSubject).toBeNull();
  });
});

describe('names a caller did not know', () => {
  it.each([
    ['an enum value', '{ deals(filter: { status: [APPROVD] }) { totalCount } }', {}],
    ['an enum value in a variable', 'query ($s: [DealStatus!]) { deals(filter: { status: $s }) { totalCount } }', { s: ['APPROVD'] }],
    ['a type', 'query ($f: DealFiltr) { deals(filter: $f) { totalCount } }', {}],
    ['an argument', '{ deals(firs: 1) { totalCount } }', {}],
    ['an input field', '{ deals(filter: { statu: [APPROVED] }) { totalCount } }', {}],
  ])('a misspelt %s gets no "Did you mean" suggestion', async (_name, query, variables) => {
    const response = await t.as('bluepeak-it', query, variables);
    expect(response.errors!.length).toBeGreaterThan(0);
    expect(everyText(response.errors)).not.toMatch(/Did you mean|APPROVED"|DealFilter"|"first"|"status"/);
  });
});

describe("aliases cannot collide with the gateway's internal markers", () => {
  it.each([
    ['the type marker', '{ products { __cg_typename: name unitCost { amount } } }'],
    ['any name starting with __', '{ products { __x: name } }'],
    ['an alias in a fragment', '{ products { ...P } } fragment P on Product { __cg_typename: id unitCost { amount } }'],
  ])('%s as an alias is refused with BAD_USER_INPUT before planning', async (_name, query) => {
    clearReceived();
    const response = await t.as('bluepeak-it', query);
    expect(response.status).toBe(400);
    expect(response.errors![0]).toMatchObject({ message: expect.stringMatching(/alias.*__/i), extensions: { code: 'BAD_USER_INPUT' } });
    expect(sentToSubgraphs()).toEqual([]);
  });

  it('denied fields still come back FORBIDDEN beside a plain alias', async () => {
    const response = await t.as('bluepeak-it', '{ products { n: name unitCost { amount } } }');
    expect(response.errors!.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect((response.data!.products as any[])[0].n).toEqual(expect.any(String));
  });
});

describe('a production gateway with INTROSPECTION=true', () => {
  const JWT_SECRET = 'p'.repeat(32);
  let prod: TestStack;
  let token: string;

  beforeAll(async () => {
    prod = await startTestStack(t.databaseUrl, {
      NODE_ENV: 'production',
      GATEWAY_SECRET: 'g'.repeat(32),
      JWT_SECRET,
      INTROSPECTION: 'true',
      LOG_LEVEL: 'silent',
    });
    const partner = org('bluepeak-it');
    token = await issueDevelopmentToken(loadConfig({ JWT_SECRET }), { subject: 'user:bluepeak-it', role: partner.role, organizationId: partner.id });
  });

  afterAll(async () => {
    await prod?.stop();
  });

  describe(
    'introspection',
    introspectionAttacks(
      () => prod.stack.gatewayUrl,
      async () => token,
    ),
  );

  it('answers a forged cursor with BAD_USER_INPUT, no stack trace and no database text', async () => {
    const after = encodeCursor(['2026-02-30T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']);
    const response = await post(
      prod.stack.gatewayUrl,
      { query: 'query ($a: String) { deals(after: $a) { totalCount } }', variables: { a: after } },
      { authorization: `Bearer ${token}` },
    );
    expect(response.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals(after)' });
  });
});
