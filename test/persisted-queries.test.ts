import { createHash } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from './support/database';
import { post, startTestStack, tokenFor, type TestStack } from './support/stack';

/**
 * Automatic persisted queries (Apollo's APQ protocol): a client sends the SHA-256 of its operation, and the text only
 * when the gateway does not know it yet. The store is shared by every caller, the triangle is not: a hash registered by
 * one role is still authorized per caller.
 */
const QUERY = '{ vendors { slug directAccounts { customerName } } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const persisted = (sha256Hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash } } });

let db: TestDatabase;
let t: TestStack;
const bearer: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestStack(db.url);
  for (const slug of ['northwind-cloud', 'bluepeak-it']) bearer[slug] = { authorization: `Bearer ${await tokenFor(slug)}` };
});

afterAll(async () => {
  await t?.stop();
  await db?.drop();
});

const subgraphFetches = () => Object.values(t.received).reduce((n, log) => n + log.length, 0);

describe('automatic persisted queries', () => {
  it('asks for the text of an unknown hash without fetching anything, then answers by hash alone (POST and GET)', async () => {
    const before = subgraphFetches();
    const unknown = await post(t.stack.gatewayUrl, persisted(HASH), bearer['northwind-cloud']);
    expect(unknown.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(subgraphFetches()).toBe(before);

    const registered = await post(t.stack.gatewayUrl, { query: QUERY, ...persisted(HASH) }, bearer['northwind-cloud']);
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.vendors).toEqual([
      { slug: 'northwind-cloud', directAccounts: expect.arrayContaining([expect.objectContaining({ customerName: expect.any(String) })]) },
    ]);

    const byHash = await post(t.stack.gatewayUrl, persisted(HASH), bearer['northwind-cloud']);
    expect(byHash.data).toEqual(registered.data);

    const url = `${t.stack.gatewayUrl}?extensions=${encodeURIComponent(JSON.stringify(persisted(HASH).extensions))}`;
    const response = await fetch(url, { headers: { ...bearer['northwind-cloud'], 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual(registered.data);
  });

  it('authorizes a hash another role registered for the caller: the partner gets its own filtered answer', async () => {
    await post(t.stack.gatewayUrl, { query: QUERY, ...persisted(HASH) }, bearer['northwind-cloud']);
    const byHash = await post(t.stack.gatewayUrl, persisted(HASH), bearer['bluepeak-it']);
    const byText = await post(t.stack.gatewayUrl, { query: QUERY }, bearer['bluepeak-it']);
    expect(byHash.data).toEqual(byText.data);
    expect(byHash.data?.vendors).toEqual([{ slug: 'northwind-cloud', directAccounts: null }]);
    expect(byHash.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'vendors.0.directAccounts']]);
  });

  it('refuses a text that does not match its hash, and a hash without a valid token', async () => {
    const mismatch = await post(t.stack.gatewayUrl, { query: '{ vendors { slug } }', ...persisted(HASH) }, bearer['northwind-cloud']);
    expect(mismatch.status).toBe(400);
    expect(mismatch.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    const anonymous = await post(t.stack.gatewayUrl, persisted(HASH));
    expect(anonymous.status).toBe(401);
    expect(anonymous.data).toBeUndefined();
  });
});
