import { loadConfig, SUBGRAPHS } from '../common/config';
import { demoOrganizations } from '../tooling/demo/catalog';
import { issueDevelopmentToken } from '../gateway/auth';
import { LIMITS } from '../gateway/armor';
import { RateLimiter } from '../gateway/rate-limit';
import { createTestDatabase, type TestDatabase } from './support/database';
import { post, startTestStack, tokenFor, type TestStack } from './support/stack';

interface Raw {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** A request as a hostile or broken client sends it: any method, headers and body text. */
async function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Raw> {
  const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await response.text();
  let body: Raw['body'];
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

const MAX_BODY_BYTES = 20_000;
let db: TestDatabase;
let t: TestStack;
let auth: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestStack(db.url, { MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  auth = { authorization: `Bearer ${await tokenFor('bluepeak-it')}` };
});

afterAll(async () => {
  await t?.stop();
  await db?.drop();
});

const sentToSubgraphs = () => SUBGRAPHS.flatMap((name) => t.received[name]);
const clearReceived = () => SUBGRAPHS.forEach((name) => (t.received[name].length = 0));

/** me → partner → (vendors → partnerships → partner) × levels → id: 3 × levels + 3 deep. */
const nested = (levels: number) =>
  '{ me { partner { ' + 'vendors { partnerships { partner { '.repeat(levels) + 'id' + ' } } }'.repeat(levels) + ' } } }';

describe('abusive operations are refused before planning', () => {
  it.each([
    ['depth', nested(Math.ceil(LIMITS.maxDepth / 3)), /depth limit of 12/i],
    ['aliases', `{ ${Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { slug }`).join(' ')} }`, /aliases limit of 15/i],
    ['tokens', `{ me { ${'slug '.repeat(LIMITS.maxTokens)} } }`, /contains more tha[nt] 2000 tokens/i],
    ['directives', `{ me { slug ${'@include(if: true) '.repeat(LIMITS.maxDirectives + 1)} } }`, /directives limit of 10/i],
    [
      'cost',
      '{ partners(first: 100) { edges { node { deals(first: 100) { edges { node { history(first: 100) { edges { node { toStatus } } } } } } } } } }',
      new RegExp(`cost limit of ${LIMITS.maxCost}`, 'i'),
    ],
  ])('%s: HTTP 400 with the limit in the message, and no subgraph is asked', async (_name, query, message) => {
    clearReceived();
    const response = await post(t.stack.gatewayUrl, { query }, auth);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors!.map((e) => e.message).join('\n')).toMatch(message);
    expect(sentToSubgraphs()).toEqual([]);
  });

  it('counts page sizes given by variables or left at their default: no way around the cost limit', async () => {
    const pages =
      'query ($n: Int!) { partners(first: $n) { edges { node { deals(first: $n) { edges { node { history(first: $n) { edges { node { toStatus } } } } } } } } } }';
    clearReceived();
    const refused = await post(t.stack.gatewayUrl, { query: pages, variables: { n: 100 } }, auth);
    expect(refused.status).toBe(400);
    expect(refused.errors![0].message).toMatch(new RegExp(`Operation cost \\d+ exceeds the cost limit of ${LIMITS.maxCost}`));
    expect(sentToSubgraphs()).toEqual([]);
    const small = await post(t.stack.gatewayUrl, { query: pages, variables: { n: 3 } }, auth);
    expect(small.status).toBe(200);
    expect(small.errors).toBeUndefined();
    const defaults = await post(
      t.stack.gatewayUrl,
      { query: '{ partners { edges { node { deals { edges { node { history { edges { node { toStatus } } } } } } } } } }' },
      auth,
    );
    expect(defaults.errors).toBeUndefined();
  });

  it('lets a large real operation through', async () => {
    const response = await t.as(
      'northwind-cloud',
      '{ deals(first: 100) { totalCount edges { node { id customerName status amount { amount } partner { name } distributor { name } } } } }',
    );
    expect(response.errors).toBeUndefined();
    expect((response.data!.deals as any).edges).toHaveLength(100);
  });

  it('never suggests field names in errors, whatever the role', async () => {
    for (const [slug, query] of [
      ['bluepeak-it', '{ products { unitCos { amount } } }'],
      ['northwind-cloud', '{ me { slu } }'],
    ]) {
      const response = await t.as(slug, query);
      expect(response.status).toBe(400);
      expect(response.errors![0].message).toMatch(/Cannot query field/);
      expect(JSON.stringify(response.errors)).not.toMatch(/Did you mean/);
    }
  });

  it('answers a body over MAX_BODY_BYTES with HTTP 413', async () => {
    const query = `{ me { slug } } # ${'x'.repeat(MAX_BODY_BYTES)}`;
    const response = await raw(t.stack.gatewayUrl, { headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query }) });
    expect(response.status).toBe(413);
    expect(response.body.errors![0]).toMatchObject({
      message: `Request body exceeds ${MAX_BODY_BYTES} bytes.`,
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('refuses batched operations (a JSON array) with HTTP 400', async () => {
    clearReceived();
    const response = await post(t.stack.gatewayUrl, [{ query: '{ me { slug } }' }, { query: '{ me { name } }' }], auth);
    expect(response.status).toBe(400);
    expect(response.errors![0].message).toMatch(/batching/i);
    expect(sentToSubgraphs()).toEqual([]);
  });
});

/** Each malformed request, and the 4xx it must get. */
function malformed(url: () => string, headers: () => Record<string, string>) {
  const json = () => ({ 'content-type': 'application/json', ...headers() });
  return [
    ['invalid JSON', () => raw(url(), { headers: json(), body: '{"query": "{ me { slug } }"' }), 400],
    ['a text/plain body', () => raw(url(), { headers: { ...headers(), 'content-type': 'text/plain' }, body: '{ me { slug } }' }), 415],
    [
      'a form body',
      () =>
        raw(url(), {
          headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
          body: 'query=%7B%20me%20%7B%20slug%20%7D%20%7D',
        }),
      415,
    ],
    [
      'a mutation over GET',
      () =>
        raw(`${url()}?query=${encodeURIComponent('mutation { withdrawDeal(id: "x", expectedVersion: 1) { id } }')}`, {
          method: 'GET',
          headers: { ...headers(), 'apollo-require-preflight': 'true' },
        }),
      405,
    ],
    [
      'an unknown operation name',
      () => raw(url(), { headers: json(), body: JSON.stringify({ query: 'query A { me { slug } }', operationName: 'B' }) }),
      400,
    ],
    [
      'a variable of the wrong type',
      () =>
        raw(url(), {
          headers: json(),
          body: JSON.stringify({ query: 'query ($n: Int) { deals(first: $n) { totalCount } }', variables: { n: 'many' } }),
        }),
      400,
    ],
  ] as const;
}

describe('malformed requests get a 4xx with a message', () => {
  it.each(
    malformed(
      () => t.stack.gatewayUrl,
      () => auth,
    ),
  )('%s', async (_name, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body.errors![0].message).toEqual(expect.any(String));
  });

  it('says which content type to send', async () => {
    const [, send] = malformed(
      () => t.stack.gatewayUrl,
      () => auth,
    )[1];
    expect((await send()).body.errors![0]).toEqual({
      message: 'Send the operation as JSON with "content-type: application/json" (got "text/plain").',
      extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
  });

  it('says BAD_USER_INPUT for a variable of the wrong type', async () => {
    const [, send] = malformed(
      () => t.stack.gatewayUrl,
      () => auth,
    )[5];
    expect((await send()).body.errors![0]).toMatchObject({ message: expect.stringContaining('$n'), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('a production gateway', () => {
  const JWT_SECRET = 'p'.repeat(32);
  let prod: TestStack;
  let prodAuth: Record<string, string>;

  beforeAll(async () => {
    prod = await startTestStack(db.url, { NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_SECRET, LOG_LEVEL: 'silent' });
    const org = demoOrganizations().find((o) => o.slug === 'bluepeak-it')!;
    const token = await issueDevelopmentToken(loadConfig({ JWT_SECRET }), { subject: 'user:bluepeak-it', role: org.role, organizationId: org.id });
    prodAuth = { authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await prod?.stop();
  });

  it('serves operations', async () => {
    const response = await post(prod.stack.gatewayUrl, { query: '{ me { slug } }' }, prodAuth);
    expect(response.data).toEqual({ me: { slug: 'bluepeak-it' } });
  });

  it.each(
    malformed(
      () => prod.stack.gatewayUrl,
      () => prodAuth,
    ),
  )('answers %s with a 4xx and no stack trace', async (_name, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    for (const error of response.body.errors!) expect(error.extensions ?? {}).not.toHaveProperty('stacktrace');
  });

  it('puts no stack trace in errors of a refused or failing operation', async () => {
    for (const query of [
      '{ me { slu } }',
      'mutation { withdrawDeal(id: "00000000-0000-4000-8000-000000000000", expectedVersion: 1) { id } }',
      nested(4),
    ]) {
      const response = await post(prod.stack.gatewayUrl, { query }, prodAuth);
      expect(response.errors!.length).toBeGreaterThan(0);
      for (const error of response.errors!) expect(error.extensions ?? {}).not.toHaveProperty('stacktrace');
    }
  });

  it('refuses introspection with a clear error', async () => {
    const response = await post(prod.stack.gatewayUrl, { query: '{ __schema { types { name } } }' }, prodAuth);
    expect(response.status).toBe(400);
    expect(response.errors![0]).toMatchObject({ message: 'Introspection is disabled on this gateway (set INTROSPECTION=true to enable it).' });
    expect((await post(prod.stack.gatewayUrl, { query: '{ __type(name: "Deal") { name } }' }, prodAuth)).status).toBe(400);
  });
});

describe('rate limits per organization', () => {
  it('refills a bucket per (role, organization) at the configured rate', () => {
    let now = 0;
    const limiter = new RateLimiter(6, 2, () => now);
    const a = { subject: 'u', role: 'PARTNER' as const, organizationId: 'a' };
    const b = { ...a, organizationId: 'b' };
    expect(limiter.take(a)).toEqual({ allowed: true });
    expect(limiter.take(a)).toEqual({ allowed: true });
    expect(limiter.take(a)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take(b)).toEqual({ allowed: true });
    now = 5_000;
    expect(limiter.take(a)).toEqual({ allowed: false, retryAfterSeconds: 5 });
    now = 10_000;
    expect(limiter.take(a)).toEqual({ allowed: true });
    expect(new RateLimiter(0, 0).take(a)).toEqual({ allowed: true });
  });

  it('answers HTTP 429 RATE_LIMITED with Retry-After past the burst, per organization, never on /health or /metrics', async () => {
    const limited = await startTestStack(db.url, { RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_BURST: '2' });
    try {
      const url = limited.stack.gatewayUrl;
      const query = JSON.stringify({ query: '{ me { slug } }' });
      const send = (headers: Record<string, string>) => raw(url, { headers: { 'content-type': 'application/json', ...headers }, body: query });
      expect((await send(auth)).status).toBe(200);
      expect((await send(auth)).status).toBe(200);
      const refused = await send(auth);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(30);
      expect(refused.body.errors![0]).toMatchObject({ message: expect.stringMatching(/Too many requests/), extensions: { code: 'RATE_LIMITED' } });
      const other = await send({ authorization: `Bearer ${await tokenFor('harbor-msp')}` });
      expect(other.status).toBe(200);
      const base = url.replace(/\/graphql$/, '');
      for (let i = 0; i < 5; i++) {
        expect((await fetch(`${base}/health`)).status).toBe(200);
        expect((await fetch(`${base}/metrics`)).status).toBe(200);
      }
    } finally {
      await limited.stop();
    }
  });
});
