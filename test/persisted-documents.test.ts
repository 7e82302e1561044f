import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './support/database';
import { post, startTestStack, tokenFor, type TestStack } from './support/stack';
import type { PartnerPortalHomeQuery } from '../schema/operations/partner/generated';

/**
 * Trusted operations: the gateway loads the manifest `npm run operations` writes (Apollo's persisted query manifest
 * format), and a client sends a manifest operation by id alone, as Apollo Client's persisted queries link does.
 * With PERSISTED_DOCUMENTS_ONLY nothing else runs. Either way the operation is authorized per caller.
 */
const MANIFEST = path.join(__dirname, '..', 'schema', 'operations', 'persisted-query-manifest.json');
const operations = (JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as { operations: { id: string; name: string; body: string }[] }).operations;
const operation = (name: string) => operations.find((o) => o.name === name)!;
const byId = (name: string, variables: Record<string, unknown> = {}) => ({
  operationName: name,
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: operation(name).id } },
});

let db: TestDatabase;
let trusted: TestStack;
let only: TestStack;
const bearer: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  trusted = await startTestStack(db.url, { PERSISTED_DOCUMENTS: MANIFEST });
  only = await startTestStack(db.url, { PERSISTED_DOCUMENTS: MANIFEST, PERSISTED_DOCUMENTS_ONLY: 'true' });
  for (const slug of ['northwind-cloud', 'bluepeak-it']) bearer[slug] = { authorization: `Bearer ${await tokenFor(slug)}` };
});

afterAll(async () => {
  await trusted?.stop();
  await only?.stop();
  await db?.drop();
});

const fetches = (t: TestStack) => Object.values(t.received).reduce((n, log) => n + log.length, 0);

describe('trusted operations from the manifest', () => {
  it('answers a manifest id with no text and nothing registered, as the same operation sent as text', async () => {
    const home = await post<PartnerPortalHomeQuery>(trusted.stack.gatewayUrl, byId('PartnerPortalHome', { deals: 3 }), bearer['bluepeak-it']);
    expect(home.status).toBe(200);
    expect(home.errors).toBeUndefined();
    expect(home.data?.me.slug).toBe('bluepeak-it');
    expect(home.data?.me.partner?.deals?.edges).toHaveLength(3);
    expect(home.data?.me.partner?.partnerships.map((p) => p.vendor?.name)).toContain('Northwind Cloud');

    const asText = await post(
      trusted.stack.gatewayUrl,
      { query: operation('PartnerPortalHome').body, variables: { deals: 3 } },
      bearer['bluepeak-it'],
    );
    expect(home.data).toEqual(asText.data);
    // Free text and APQ still work where only is off.
    expect((await trusted.as('bluepeak-it', '{ me { slug } }')).data).toEqual({ me: { slug: 'bluepeak-it' } });
  });

  it('authorizes a manifest operation per caller: the vendor sees its costs, a partner gets them null with FORBIDDEN', async () => {
    const vendor = await post(trusted.stack.gatewayUrl, byId('VendorCatalog'), bearer['northwind-cloud']);
    expect(vendor.errors).toBeUndefined();
    expect(vendor.data?.products[0].unitCost).toEqual({ amount: expect.any(String), currency: expect.any(String), __typename: 'Money' });

    const marks = Object.values(trusted.received).map((log) => log.length);
    const partner = await post(trusted.stack.gatewayUrl, byId('VendorCatalog'), bearer['bluepeak-it']);
    const askedForPartner = Object.values(trusted.received).flatMap((log, i) => log.slice(marks[i]));
    const asText = await post(trusted.stack.gatewayUrl, { query: operation('VendorCatalog').body }, bearer['bluepeak-it']);
    expect(partner.data).toEqual(asText.data);
    expect(partner.data?.products.length).toBeGreaterThan(0);
    expect(partner.data?.products.every((p: Record<string, unknown>) => p.unitCost === null && p.margin === null && p.listPrice !== null)).toBe(true);
    expect(new Set(partner.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
    expect(partner.errors?.map((e) => e.path?.join('.'))).toContain('products.0.unitCost');
    // Filtered before planning: no subgraph was asked for the partner's unit costs.
    expect(askedForPartner.length).toBeGreaterThan(0);
    expect(askedForPartner.filter((query) => /unitCost|margin/.test(query))).toEqual([]);
  });
});

describe('PERSISTED_DOCUMENTS_ONLY', () => {
  const refusal = (response: { status: number; errors?: { extensions?: Record<string, unknown>; message: string }[] }) => [
    response.status,
    response.errors?.map((e) => e.extensions?.code),
  ];

  it('runs manifest operations by id (POST and GET)', async () => {
    const home = await post(only.stack.gatewayUrl, byId('PartnerPortalHome', { deals: 2 }), bearer['bluepeak-it']);
    expect(home.errors).toBeUndefined();
    expect(home.data?.me.partner.deals.edges).toHaveLength(2);

    const request = byId('PartnerCatalog');
    const url = `${only.stack.gatewayUrl}?operationName=PartnerCatalog&extensions=${encodeURIComponent(JSON.stringify(request.extensions))}`;
    const response = await fetch(url, { headers: { ...bearer['bluepeak-it'], 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { products: unknown[] } }).data.products.length).toBeGreaterThan(0);
  });

  it('refuses free text, an unknown id and an APQ registration with PERSISTED_QUERY_NOT_ALLOWED, before any fetch', async () => {
    const before = fetches(only);
    const text = await post(only.stack.gatewayUrl, { query: '{ me { slug } }' }, bearer['bluepeak-it']);
    expect(refusal(text)).toEqual([400, ['PERSISTED_QUERY_NOT_ALLOWED']]);
    expect(text.errors?.[0].message).toMatch(
      /runs only trusted operations: send the id of an operation of its manifest as extensions.persistedQuery.sha256Hash/,
    );

    const unknown = await post(
      only.stack.gatewayUrl,
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
      bearer['bluepeak-it'],
    );
    expect(refusal(unknown)).toEqual([400, ['PERSISTED_QUERY_NOT_ALLOWED']]);
    expect(unknown.errors?.[0].message).toMatch(/No trusted operation has id f{64}/);

    // Registering a text by its own hash (APQ) does not make it trusted, now or on the next request.
    const query = '{ vendors { slug } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    expect(refusal(await post(only.stack.gatewayUrl, { query, extensions }, bearer['bluepeak-it']))).toEqual([400, ['PERSISTED_QUERY_NOT_ALLOWED']]);
    expect(refusal(await post(only.stack.gatewayUrl, { extensions }, bearer['bluepeak-it']))).toEqual([400, ['PERSISTED_QUERY_NOT_ALLOWED']]);

    // A manifest id with some other text is not the trusted operation either.
    const swapped = await post(only.stack.gatewayUrl, { ...byId('PartnerCatalog'), query: '{ vendors { slug } }' }, bearer['bluepeak-it']);
    expect(refusal(swapped)).toEqual([400, ['PERSISTED_QUERY_NOT_ALLOWED']]);
    expect(fetches(only)).toBe(before);
  });

  it('still authenticates first: a manifest id without a token is 401', async () => {
    const anonymous = await post(only.stack.gatewayUrl, byId('PartnerPortalHome'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.data).toBeUndefined();
  });
});
