import { SUBGRAPHS } from '../common/config';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startTestStack, tokenFor, type TestStack } from './support/stack';

// CORS as a browser speaks it: raw requests with the Origin and preflight headers Chromium sends.
const PORTAL = 'https://portal.example.com';
const ELSEWHERE = 'https://evil.example.net';

let db: TestDatabase;
let t: TestStack;

beforeAll(async () => {
  db = await createTestDatabase();
  // One allowed origin, and a rate limit small enough to reach: two operations per organization, then 429.
  t = await startTestStack(db.url, { CORS_ORIGINS: PORTAL, RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '2' });
});

afterAll(async () => {
  await t?.stop();
  await db?.drop();
});

const bearer = async (slug: string) => `Bearer ${await tokenFor(slug)}`;

/** A preflight as Chromium sends it before a POST with a bearer token and a JSON body. */
const preflight = (origin: string, url = t.stack.gatewayUrl) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

const corsHeaders = (response: Response) => [...response.headers].filter(([name]) => name.startsWith('access-control-'));
const sentToSubgraphs = () => SUBGRAPHS.flatMap((name) => t.received[name]);
const clearReceived = () => SUBGRAPHS.forEach((name) => (t.received[name].length = 0));

describe('preflights', () => {
  it('from an allowed origin: 204 with that exact origin, the methods and headers browsers send, and a max age', async () => {
    const response = await preflight(PORTAL);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const allowed = response.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name']));
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('from any other origin: 403 FORBIDDEN without a single CORS header', async () => {
    for (const origin of [ELSEWHERE, 'http://localhost:3000', `${PORTAL}.evil.example.net`, 'null']) {
      const response = await preflight(origin);
      expect(response.status).toBe(403);
      expect(corsHeaders(response)).toEqual([]);
      expect(response.headers.get('vary')).toBe('Origin');
      expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('subgraphs answer no preflight: they are not for browsers', async () => {
    for (const url of Object.values(t.stack.subgraphUrls)) {
      const response = await preflight(PORTAL, url);
      expect(response.status).not.toBe(204);
      expect(corsHeaders(response)).toEqual([]);
    }
  });
});

describe('requests after the preflight', () => {
  it('an allowed origin can read the answer: Access-Control-Allow-Origin, Vary and the exposed Retry-After', async () => {
    const response = await fetch(t.stack.gatewayUrl, {
      method: 'POST',
      headers: { origin: PORTAL, authorization: await bearer('bluepeak-it'), 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { slug role } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { slug: 'bluepeak-it', role: 'PARTNER' } } });
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('errors reach the allowed origin too: a 401 without a token and a 429 with Retry-After carry the CORS headers', async () => {
    const unauthenticated = await fetch(t.stack.gatewayUrl, {
      method: 'POST',
      headers: { origin: PORTAL, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { slug } }' }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(PORTAL);

    const authorization = await bearer('referral-point');
    const send = () =>
      fetch(t.stack.gatewayUrl, {
        method: 'POST',
        headers: { origin: PORTAL, authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { slug } }' }),
      });
    const statuses = [];
    let limited: Response | undefined;
    for (let i = 0; i < 3; i++) {
      const response = await send();
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(limited!.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('another origin gets the answer without CORS headers, so its browser withholds it', async () => {
    const response = await fetch(t.stack.gatewayUrl, {
      method: 'POST',
      headers: { origin: ELSEWHERE, authorization: await bearer('harbor-msp'), 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { slug } }' }),
    });
    expect(corsHeaders(response)).toEqual([]);
    expect(response.headers.get('vary')).toBe('Origin');
  });
});

describe("simple requests (no preflight) stay refused by Apollo's CSRF prevention, even from an allowed origin", () => {
  it('a text/plain POST is refused and reaches no subgraph', async () => {
    clearReceived();
    const response = await fetch(t.stack.gatewayUrl, {
      method: 'POST',
      headers: { origin: PORTAL, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { withdrawDeal(id: "x", expectedVersion: 1) { id } }' }),
    });
    expect(response.status).toBe(415);
    expect(sentToSubgraphs()).toEqual([]);
  });

  it('a GET without a preflight-forcing header is refused; with apollo-require-preflight it is answered as before', async () => {
    const url = `${t.stack.gatewayUrl}?query=${encodeURIComponent('{ me { slug } }')}`;
    const authorization = await bearer('ionic-integrators');
    clearReceived();
    const simple = await fetch(url, { headers: { origin: PORTAL, authorization } });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/cross-site request forgery/i);
    expect(sentToSubgraphs()).toEqual([]);

    const forced = await fetch(url, { headers: { origin: PORTAL, authorization, 'apollo-require-preflight': 'true' } });
    expect(forced.status).toBe(200);
    expect(await forced.json()).toEqual({ data: { me: { slug: 'ionic-integrators' } } });
  });
});
