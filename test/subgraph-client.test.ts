import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPHS, type SubgraphName } from '../common/config';
import { BLUEPEAK, IONIC, NORTHWIND, demoEcosystem } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, IdentitySigner, type Identity } from '../common/identity';
import { GatewayMetrics } from '../gateway/metrics';
import { InFlight, isQueryOperation, responseFromAnswer } from '../gateway/subgraph-answers';
import { SubgraphClient } from '../gateway/subgraph-client';
import { createTestDatabase, type TestDatabase } from './support/database';
import { delaying, startTestStack, type TestStack } from './support/stack';

/**
 * The gateway's subgraph client: identical query fetches in flight share one request (never across callers, never
 * for mutations), each waiter gets its own response object; and the node:http transport keeps the failure semantics.
 */
/** GraphQLDataSourceRequestKind.HEALTH_CHECK (the enum is not exported): a fetch outside an incoming operation. */
const HEALTH_CHECK = 'health check';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eco = demoEcosystem();

describe('isQueryOperation', () => {
  it('is true only for queries, whatever the whitespace and comments before them', () => {
    for (const text of ['query Q { a }', 'query{a}', '{ a }', '  \n\tquery ($x: ID) { a }', '# c\nquery { a }', '\uFEFF,{ a }'])
      expect(isQueryOperation(text)).toBe(true);
    for (const text of [
      'mutation M { a }',
      '  mutation { a }',
      '# query\nmutation { a }',
      '#{\r\nmutation{a}',
      'subscription { a }',
      'queryX { a }',
      '',
      undefined,
    ]) {
      expect(isQueryOperation(text)).toBe(false);
    }
  });
});

describe('InFlight', () => {
  it('shares a pending promise per key, forgets it once settled, and rejects every waiter on failure', async () => {
    const inFlight = new InFlight<string>();
    let started = 0;
    let release!: (value: string) => void;
    const start = () => {
      started++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const a = inFlight.run('k', start);
    const b = inFlight.run('k', start);
    const other = inFlight.run('other', () => Promise.resolve('o'));
    expect([a.shared, b.shared, other.shared]).toEqual([false, true, false]);
    expect(started).toBe(1);
    expect(b.promise).toBe(a.promise);
    release('{"v":1}');
    // Each waiter parses its own copy of the shared text: changing one leaves the other as it was.
    const [x, y] = await Promise.all([a.promise, b.promise]).then((texts) => texts.map((t) => JSON.parse(t)));
    x.v = 2;
    expect(y).toEqual({ v: 1 });
    await other.promise;
    expect(inFlight.size).toBe(0);
    // not a cache: settled, the next call starts again
    expect(inFlight.run('k', () => Promise.resolve('again')).shared).toBe(false);

    const failure = new Error('down');
    const f1 = inFlight.run('f', () => sleep(10).then(() => Promise.reject(failure)));
    const f2 = inFlight.run('f', () => Promise.resolve('never'));
    await expect(f1.promise).rejects.toBe(failure);
    await expect(f2.promise).rejects.toBe(failure);
    expect(inFlight.size).toBe(0);
  });
});

describe('responseFromAnswer', () => {
  const answer = {
    url: 'http://x/graphql',
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json', 'cache-control': 'max-age=30' },
    body: '{"data":{"a":{"b":[1,2]}}}',
  };

  it('gives each call its own objects and the headers Apollo reads', () => {
    const one = responseFromAnswer(answer);
    const two = responseFromAnswer(answer);
    expect(one).not.toBe(two);
    (one.data as any).a.b.push(3);
    expect(two.data).toEqual({ a: { b: [1, 2] } });
    expect(two.http?.headers.get('Cache-Control')).toBe('max-age=30');
    expect(two.http?.headers.get('etag')).toBeNull();
  });

  it('refuses non-2xx answers as RemoteGraphQLDataSource does, and bodies that are not a JSON object', () => {
    const refused = (status: number, statusText: string) => {
      try {
        responseFromAnswer({ ...answer, status, statusText, body: '{"errors":[{"message":"no"}]}' });
      } catch (error) {
        return error as { message: string; extensions: Record<string, any> };
      }
      throw new Error('not refused');
    };
    expect(refused(401, 'Unauthorized')).toMatchObject({
      message: '401: Unauthorized',
      extensions: { code: 'UNAUTHENTICATED', response: { status: 401, body: { errors: [{ message: 'no' }] } } },
    });
    expect(refused(403, 'Forbidden').extensions.code).toBe('FORBIDDEN');
    expect(refused(502, 'Bad Gateway')).toMatchObject({
      message: '502: Bad Gateway',
      extensions: { response: { url: 'http://x/graphql', statusText: 'Bad Gateway' } },
    });
    expect(() => responseFromAnswer({ ...answer, headers: { 'content-type': 'text/plain' }, body: 'hello' })).toThrow(
      'Expected JSON response body, but received: hello',
    );
    expect(() => responseFromAnswer({ ...answer, body: '[1]' })).toThrow('Expected JSON response body');
    expect(() => responseFromAnswer({ ...answer, body: 'not json' })).toThrow(SyntaxError);
  });
});

/** A stand-in subgraph: records each request, answers after `delay.ms` with what `reply` says. */
async function standIn() {
  const requests: { identity: string | undefined; body: any }[] = [];
  const state = {
    delayMs: 100,
    reply: (body: any): { status: number; type?: string; text: string } => ({
      status: 200,
      text: JSON.stringify({ data: { echo: body.query, n: requests.length } }),
    }),
  };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', async () => {
      const body = JSON.parse(text);
      requests.push({ identity: req.headers[IDENTITY_HEADER] as string | undefined, body });
      await sleep(state.delayMs);
      const { status, type = 'application/json', text: answer } = state.reply(body);
      res.writeHead(status, { 'content-type': type, 'cache-control': 'private' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    requests,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('SubgraphClient over node:http', () => {
  const alice: Identity = { subject: 'user:alice', role: 'PARTNER', organizationId: BLUEPEAK.id };
  const bob: Identity = { subject: 'user:bob', role: 'PARTNER', organizationId: IONIC.id };
  let stub: Awaited<ReturnType<typeof standIn>>;
  let client: SubgraphClient;
  let metrics: GatewayMetrics;
  const send = (identity: Identity, query: string, variables: Record<string, unknown> = {}) =>
    client.process({ kind: HEALTH_CHECK, request: { query, variables }, context: { identity } } as never);

  beforeAll(async () => {
    stub = await standIn();
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    stub.requests.length = 0;
    stub.state.delayMs = 100;
    stub.state.reply = (body) => ({ status: 200, text: JSON.stringify({ data: { echo: body.query, variables: body.variables } }) });
    metrics = new GatewayMetrics();
    client = new SubgraphClient('stub', stub.url, new IdentitySigner('a-test-secret-of-at-least-32-chars!'), metrics, 1_000);
  });
  afterEach(() => client.destroy());

  it('sends concurrent identical queries of one caller once, each waiter getting its own objects', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => send(alice, 'query Q { a }', { x: [1] })));
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].body).toEqual({ query: 'query Q { a }', variables: { x: [1] } });
    for (const response of responses) expect(response).toEqual({ data: { echo: 'query Q { a }', variables: { x: [1] } }, http: expect.anything() });
    expect(new Set(responses).size).toBe(5);
    expect(new Set(responses.map((r) => r.data)).size).toBe(5);
    (responses[0].data as any).variables.x.push(2);
    expect(responses[1].data).toEqual({ echo: 'query Q { a }', variables: { x: [1] } });
    expect((await metrics.subgraphFetchesShared.get()).values[0].value).toBe(4);
    // Once answered, the next one is sent again (not a cache).
    await send(alice, 'query Q { a }', { x: [1] });
    expect(stub.requests).toHaveLength(2);
  });

  it('does not share between callers, between different variables, nor for mutations', async () => {
    await Promise.all([send(alice, 'query Q { a }'), send(bob, 'query Q { a }'), send(alice, 'query Q { a }', { v: 1 })]);
    expect(stub.requests).toHaveLength(3);
    expect(new Set(stub.requests.map((r) => r.identity)).size).toBe(2);

    stub.requests.length = 0;
    const mutations = await Promise.all([
      send(alice, 'mutation M { a }'),
      send(alice, 'mutation M { a }'),
      send(alice, ' # note\n mutation M { a }'),
    ]);
    expect(stub.requests).toHaveLength(3);
    for (const response of mutations) expect(response.errors).toBeUndefined();
  });

  it('fails every waiter after the timeout with the subgraph named, then serves again', async () => {
    stub.state.delayMs = 1_500;
    const started = Date.now();
    const responses = await Promise.all([send(alice, 'query { a b }'), send(alice, 'query { a b }')]);
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(stub.requests).toHaveLength(1);
    for (const response of responses) {
      expect(response.data).toBeNull();
      expect(response.errors).toEqual(
        ['a', 'b'].map((field) => ({
          message: 'Subgraph stub is unavailable: it did not answer within 1000 ms.',
          path: [field],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'stub' },
        })),
      );
    }
    stub.state.delayMs = 0;
    expect((await send(alice, 'query { a b }')).errors).toBeUndefined();
  });

  it('reports non-2xx answers, non-JSON bodies and refused connections as failed fetches', async () => {
    stub.state.reply = () => ({ status: 401, text: '{"errors":[{"message":"who?"}]}' });
    expect((await send(alice, '{ a }')).errors).toEqual([
      { message: 'Subgraph stub is unavailable.', path: ['a'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'stub' } },
    ]);
    stub.state.reply = () => ({ status: 200, type: 'text/html', text: '<html>' });
    expect((await send(alice, '{ a }')).errors?.[0].message).toBe('Subgraph stub is unavailable.');

    const failures: unknown[] = [];
    const down = new SubgraphClient(
      'down',
      'http://127.0.0.1:1/graphql',
      new IdentitySigner('a-test-secret-of-at-least-32-chars!'),
      metrics,
      1_000,
      (_name, error) => failures.push(error),
    );
    const response = await down.process({ kind: HEALTH_CHECK, request: { query: '{ a }' }, context: { identity: alice } } as never);
    // The client learns that the subgraph failed; where it runs and why goes to the gateway's log only.
    expect(response.errors).toEqual([
      { message: 'Subgraph down is unavailable.', path: ['a'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'down' } },
    ]);
    expect(failures).toEqual([expect.objectContaining({ code: 'ECONNREFUSED', message: 'request to http://127.0.0.1:1/graphql failed' })]);
    down.destroy();
  });

  it('reuses its keep-alive connection', async () => {
    stub.state.delayMs = 0;
    const sockets = new Set<unknown>();
    const server = http.createServer((req, res) => {
      sockets.add(req.socket);
      req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const local = new SubgraphClient(
      'local',
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      new IdentitySigner('a-test-secret-of-at-least-32-chars!'),
      metrics,
      1_000,
    );
    for (let i = 0; i < 5; i++) {
      const response = await local.process({ kind: HEALTH_CHECK, request: { query: `{ a${i} }` }, context: { identity: alice } } as never);
      expect(response).toMatchObject({ data: {} });
    }
    expect(sockets.size).toBe(1);
    local.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  });
});

const PARTNER_HOME = `query PartnerHome { me { slug name partner { partnerships { status tier { name rank } vendor { name } }
  eligibleIncentives { id name kind }
  deals(first: 20) { totalCount edges { node { id status customerName amount { amount currency } vendor { name } distributor { name } } } } } } }`;

describe('through the gateway', () => {
  let db: TestDatabase;
  let t: TestStack;
  const hold = { ms: 0 };

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestStack(
      db.url,
      { SCOPE_CACHE_TTL_MS: '0' },
      { subgraphPlugins: Object.fromEntries(SUBGRAPHS.map((name) => [name, [delaying(hold)]])) },
    );
  });
  afterAll(async () => {
    hold.ms = 0;
    await t?.stop();
    await db?.drop();
  });
  afterEach(() => {
    hold.ms = 0;
  });

  /** What each subgraph received while `run` ran. */
  async function counting<T>(run: () => Promise<T>): Promise<{ result: T; received: Record<SubgraphName, string[]> }> {
    const before = Object.fromEntries(SUBGRAPHS.map((name) => [name, t.received[name].length]));
    const result = await run();
    return {
      result,
      received: Object.fromEntries(SUBGRAPHS.map((name) => [name, t.received[name].slice(before[name])])) as Record<SubgraphName, string[]>,
    };
  }
  const total = (received: Record<SubgraphName, string[]>) => SUBGRAPHS.reduce((sum, name) => sum + received[name].length, 0);

  it('shares the subgraph fetches of concurrent identical operations of one caller; every answer is whole and equal', async () => {
    const solo = await counting(() => t.as('bluepeak-it', PARTNER_HOME));
    expect(solo.result.errors).toBeUndefined();
    expect(solo.result.data!.me.partner.deals.totalCount).toBe(eco.deals.filter((d) => d.partnerId === BLUEPEAK.id).length);
    const perOperation = total(solo.received);
    expect(perOperation).toBeGreaterThanOrEqual(2);

    hold.ms = 300;
    const N = 8;
    const concurrent = await counting(() => Promise.all(Array.from({ length: N }, () => t.as('bluepeak-it', PARTNER_HOME))));
    for (const response of concurrent.result) {
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual(solo.result.data);
    }
    // Without sharing it would be N * perOperation; with the fetches held 300 ms they overlap and go once or so.
    expect(total(concurrent.received)).toBeLessThan(N * perOperation);
    expect(total(concurrent.received)).toBeLessThanOrEqual(2 * perOperation);
    for (const name of SUBGRAPHS) expect(concurrent.received[name].length).toBeLessThanOrEqual(2 * solo.received[name].length);
  });

  it('never shares between callers: each caller’s fetches reach the subgraphs and each gets its own answer', async () => {
    const solo = await counting(() => Promise.all([t.as('bluepeak-it', PARTNER_HOME), t.as('ionic-integrators', PARTNER_HOME)]));
    const perPair = total(solo.received);

    hold.ms = 300;
    const concurrent = await counting(() =>
      Promise.all([0, 1, 2, 3].flatMap(() => [t.as('bluepeak-it', PARTNER_HOME), t.as('ionic-integrators', PARTNER_HOME)])),
    );
    concurrent.result.forEach((response, i) => {
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual(solo.result[i % 2].data);
    });
    expect(solo.result[0].data!.me.slug).toBe('bluepeak-it');
    expect(solo.result[1].data!.me.slug).toBe('ionic-integrators');
    // Both callers' fetches were sent (shared within a caller at most), not one caller's answer served to both.
    expect(total(concurrent.received)).toBeGreaterThanOrEqual(perPair);
  });

  it('sends every one of concurrent identical mutations', async () => {
    const product = eco.products.find((p) => p.sku === 'NW-SEC')!.id;
    const REGISTER = `mutation Register($input: RegisterDealInput!) { registerDeal(input: $input) { id customerName } }`;
    const input = {
      vendorId: NORTHWIND.id,
      customerName: 'Twice Registered',
      customerDomain: `twice-${process.pid}.example.org`,
      lines: [{ productId: product, quantity: 1 }],
      amount: { amount: '1000.00', currency: 'USD' },
      expectedCloseDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    };
    hold.ms = 300;
    const { result, received } = await counting(() => Promise.all([1, 2, 3].map(() => t.as('bluepeak-it', REGISTER, { input }))));
    for (const response of result) expect(response.errors).toBeUndefined();
    expect(new Set(result.map((r) => r.data!.registerDeal.id)).size).toBe(3);
    expect(received.partner.filter((q) => /^\s*mutation/.test(q) && q.includes('registerDeal'))).toHaveLength(3);
  });
});
