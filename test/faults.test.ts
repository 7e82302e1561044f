import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { freePorts } from '../tooling/net';
import os from 'node:os';
import path from 'node:path';
import { NORTHWIND, demoEcosystem } from '../tooling/demo/catalog';
import { createLogger } from '../common/logger';
import { startStack, type Stack } from '../tooling/stack';
import { insertDeal, type NewDeal } from '../subgraphs/partner/repositories/deal-writes';
import { createTestDatabase, type TestDatabase } from './support/database';
import { delaying, healthWhen, post, stackConfig, startTestStack, tokenFor, type TestStack } from './support/stack';

/**
 * Faults (issue 6, item 4) and concurrent registrations (item 6): a subgraph down and back, a slow subgraph against
 * SUBGRAPH_TIMEOUT_MS, PostgreSQL restarted under load, SIGTERM to a real process; and one customer registered by
 * several partners at once.
 */
const root = path.join(__dirname, '..');
const eco = demoEcosystem();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Polls `condition` until it holds; fails naming `what` if it never does (a deadline for liveness, not a speed bound). */
async function waitFor(what: string, condition: () => boolean, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A query across all three subgraphs: the vendor's deals (partner subgraph) with their partner and distributor. */
const SPANNING = `query Spanning($vendor: ID!) {
  me { slug }
  vendor(id: $vendor) { slug name deals(first: 20, filter: { status: [APPROVED] }) { edges { node { id customerName partner { slug } distributor { slug name } } } } }
}`;

let db: TestDatabase;
let t: TestStack;
const delay = { ms: 0, sent: 0 };
// Short enough for the timeout test, long enough that the other tests on this stack never meet it on a busy machine.
const TIMEOUT_MS = 3_000;
// SUBGRAPH_TIMEOUT_MS must be longer than STATEMENT_TIMEOUT_MS (config refuses otherwise).
const STATEMENT_TIMEOUT_MS = 2_500;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestStack(
    db.url,
    { SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS), STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS) },
    { subgraphPlugins: { distributor: [delaying(delay)] } },
  );
});

afterAll(async () => {
  delay.ms = 0;
  await t?.stop();
  await db?.drop();
});

type Deal = { id: string; customerName: string; partner: { slug: string }; distributor: { slug: string; name: string } | null };
const dealsOf = (data: any): Deal[] => data.vendor.deals.edges.map((e: any) => e.node);

/** The whole answer, then checks: vendor and partner data present, every routed deal's distributor null with an error at its path. */
function expectDistributorMissing(response: Awaited<ReturnType<TestStack['as']>>, whole: any, message: RegExp) {
  expect(response.status).toBe(200);
  const data = response.data as any;
  expect(data.me).toEqual(whole.me);
  expect(data.vendor.slug).toBe('northwind-cloud');
  const deals = dealsOf(data);
  const wholeDeals = dealsOf(whole);
  expect(deals.map((d) => [d.id, d.customerName, d.partner.slug])).toEqual(wholeDeals.map((d) => [d.id, d.customerName, d.partner.slug]));
  const routed = wholeDeals.map((d, i) => (d.distributor ? i : -1)).filter((i) => i >= 0);
  expect(routed.length).toBeGreaterThan(0);
  for (const deal of deals) expect(deal.distributor).toBeNull();
  expect(response.errors?.length).toBeGreaterThan(0);
  for (const error of response.errors!) expect(error.message).toMatch(message);
  const paths = response.errors!.map((e) => (e.path ?? []).join('.'));
  for (const i of routed) expect(paths).toContain(`vendor.deals.edges.${i}.node.distributor`);
  for (const p of paths) expect(p).toMatch(/^vendor\.deals\.edges\.\d+\.node\.distributor$/);
  for (const error of response.errors!) expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'distributor' });
}

describe('a subgraph down', () => {
  it('serves the other subgraphs, errors at the missing paths, reports degraded, and is whole again when it returns', async () => {
    const whole = await t.as('northwind-cloud', SPANNING, { vendor: NORTHWIND.id });
    expect(whole.errors).toBeUndefined();

    const { server } = t.stack.subgraphs.distributor;
    const port = Number(new URL(t.stack.subgraphUrls.distributor).port);
    await new Promise<void>((resolve) => {
      server.http.close(() => resolve());
      server.http.closeAllConnections();
    });
    try {
      const degraded = await t.as('northwind-cloud', SPANNING, { vendor: NORTHWIND.id });
      expectDistributorMissing(degraded, whole.data, /.+/);

      const health = await healthWhen(t.stack.gatewayUrl, 503);
      expect(health.status).toBe(503);
      const { report } = health;
      expect(report.status).toBe('degraded');
      expect(report.subgraphs.vendor).toBe('ok');
      expect(report.subgraphs.partner).toBe('ok');
      expect(report.subgraphs.distributor).not.toBe('ok');
      // still serving whatever does not need the distributor
      expect((await t.as('bluepeak-it', '{ me { slug } }')).data).toEqual({ me: { slug: 'bluepeak-it' } });
    } finally {
      await new Promise<void>((resolve) => server.http.listen(port, '127.0.0.1', resolve));
    }
    // Same gateway, no restart: the same query is whole again.
    const again = await t.as('northwind-cloud', SPANNING, { vendor: NORTHWIND.id });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(whole.data);
    expect((await healthWhen(t.stack.gatewayUrl, 200)).status).toBe(200);
  });
});

describe('per-subgraph timeout (SUBGRAPH_TIMEOUT_MS)', () => {
  it('fails the slow subgraph fetch after the timeout and serves the rest', async () => {
    const whole = await t.as('northwind-cloud', SPANNING, { vendor: NORTHWIND.id });
    expect(whole.errors).toBeUndefined();
    delay.ms = 8_000;
    try {
      const started = Date.now();
      const sentBefore = delay.sent;
      const slow = await t.as('northwind-cloud', SPANNING, { vendor: NORTHWIND.id });
      // It waited the timeout, and answered without the slow subgraph: that one has not sent its answer yet.
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(delay.sent).toBe(sentBefore);
      expectDistributorMissing(slow, whole.data, new RegExp(`^Subgraph distributor is unavailable: it did not answer within ${TIMEOUT_MS} ms\\.$`));
    } finally {
      delay.ms = 0;
    }
  });
});

describe('concurrent registrations of the same customer (item 6)', () => {
  it('by five partners at once: exactly one (the earliest) has no conflict, the others are flagged', async () => {
    const enrolled = eco.partnerships.filter((p) => p.vendorId === NORTHWIND.id && p.status === 'ACTIVE').map((p) => p.partnerId);
    const partners = eco.partners.filter((p) => enrolled.includes(p.id) && p.slug !== 'referral-point').slice(0, 5);
    expect(partners).toHaveLength(5);
    const product = eco.products.find((p) => p.sku === 'NW-SEC')!.id;
    const domain = `contested-${process.pid}.example.org`;
    const REGISTER = `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id hasConflict } }`;
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const responses = await Promise.all(
      partners.map((p, i) =>
        t.as(p.slug, REGISTER, {
          input: {
            vendorId: NORTHWIND.id,
            customerName: 'Contested Customer',
            customerDomain: i % 2 ? `https://www.${domain}/` : domain.toUpperCase(),
            lines: [{ productId: product, quantity: 1 }],
            amount: { amount: '10000.00', currency: 'USD' },
            expectedCloseDate: inDays(60),
          },
        }),
      ),
    );
    for (const response of responses) expect(response.errors).toBeUndefined();
    const ids = responses.map((r) => r.data!.registerDeal.id as string);
    expect(new Set(ids).size).toBe(5);

    // As the vendor sees them now: who collides with whom.
    const CONFLICTS = `query ($id: ID!) { deal(id: $id) { id hasConflict conflicts { kind deal { id } } } }`;
    const views = await Promise.all(ids.map(async (id) => (await t.as('northwind-cloud', CONFLICTS, { id })).data!.deal));
    const clean = views.filter((v) => !v.hasConflict);
    expect(clean).toHaveLength(1);
    expect(clean[0].conflicts).toEqual([]);
    const [winner] = clean;
    for (const view of views.filter((v) => v.hasConflict)) {
      expect(view.conflicts.every((c: any) => c.kind === 'PARTNER_REGISTRATION')).toBe(true);
      // every later registration collides with the one that has priority
      expect(view.conflicts.map((c: any) => c.deal.id)).toContain(winner.id);
    }
    // The earliest registration (created_at, then id) is the one with priority.
    const rows = await t.stack.subgraphs.partner.dataSource.query('SELECT id FROM partner.deals WHERE id = ANY($1) ORDER BY created_at, id', [ids]);
    expect(rows[0].id).toBe(winner.id);
    // the partners learn nothing of it before the decision (DESIGN §7): every answer is alike
    expect(responses.map((r) => r.data!.registerDeal.hasConflict)).toEqual([null, null, null, null, null]);
  });

  it('a registration whose transaction began first but committed last is stamped after the one that committed first', async () => {
    const partners = eco.partnerships
      .filter((p) => p.vendorId === NORTHWIND.id && p.status === 'ACTIVE')
      .map((p) => p.partnerId)
      .slice(0, 2);
    const registration = (partnerId: string): NewDeal => ({
      partnerId,
      vendorId: NORTHWIND.id,
      distributorId: null,
      customerName: 'Turn Taker',
      customerDomain: `turns-${process.pid}.example.org`,
      amountMinor: 100_00n,
      currency: 'USD',
      expectedCloseDate: '2099-01-01',
      protectionDays: 90,
      directAccountName: null,
      directSegmentRuleId: null,
      idempotencyKey: null,
      requestHash: null,
      lines: [{ productId: eco.products.find((p) => p.sku === 'NW-SEC')!.id, quantity: 1 }],
    });
    const { dataSource } = t.stack.subgraphs.partner;
    const early = dataSource.createQueryRunner();
    await early.startTransaction();
    try {
      await early.query('SELECT 1'); // its transaction (and now()) has begun
      await sleep(20);
      const committedFirst = await dataSource.transaction((manager) => insertDeal(manager, registration(partners[0])));
      const committedLast = await insertDeal(early.manager, registration(partners[1]));
      await early.commitTransaction();
      const rows = await dataSource.query('SELECT id FROM partner.deals WHERE id = ANY($1) ORDER BY created_at, id', [
        [committedFirst, committedLast],
      ]);
      expect(rows.map((r: { id: string }) => r.id)).toEqual([committedFirst, committedLast]);
    } finally {
      if (early.isTransactionActive) await early.rollbackTransaction();
      await early.release();
    }
  });
});

/**
 * A private embedded PostgreSQL in a child process (`npm run db -- serve`), as an operator runs it; stop() is its
 * SIGTERM, a fast shutdown that ends every connection.
 */
function servePostgres(dataDir: string, port: number): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/database.ts', 'serve'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(port), DATABASE_URL: '' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL not ready after 30s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('embedded PostgreSQL ready')) {
        clearTimeout(timer);
        resolve({
          child,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`PostgreSQL exited before ready:\n${output}`)));
  });
}

describe('PostgreSQL restarted under load', () => {
  let dir: string;
  let pg: Awaited<ReturnType<typeof servePostgres>> | undefined;
  let stack: Stack | undefined;

  afterAll(async () => {
    await stack?.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    if (pg?.child.pid) {
      try {
        process.kill(-pg.child.pid, 'SIGKILL');
      } catch {
        // the group is gone
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('services reconnect by themselves; outage errors are clean', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-graph-faults-pg-'));
    fs.chmodSync(dir, 0o777);
    const [port] = await freePorts(1);
    const dataDir = path.join(dir, 'data');
    const startPg = () => servePostgres(dataDir, port);
    pg = await startPg();
    const url = `postgres://postgres:postgres@127.0.0.1:${port}/channel_graph`;
    stack = await startStack({
      config: stackConfig(),
      logger: createLogger('test', 'silent'),
      seed: true,
      databaseUrls: { vendor: url, partner: url, distributor: url },
    });
    const token = await tokenFor('bluepeak-it');
    const query = '{ me { slug } deals(first: 3) { totalCount } partner(id: "' + eco.partners[0].id + '") { slug distributors { slug } } }';

    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const results: { at: number; ok: boolean; clean: boolean }[] = [];
    let running = true;
    const gatewayUrl = stack.gatewayUrl;
    const worker = async () => {
      while (running) {
        const at = Date.now();
        try {
          const response = await post(gatewayUrl, { query }, { authorization: `Bearer ${token}` });
          const ok = response.status === 200 && !response.errors && (response.data as any)?.me?.slug === 'bluepeak-it';
          results.push({ at, ok, clean: ok || Boolean(response.errors?.length) });
        } catch {
          results.push({ at, ok: false, clean: false }); // the gateway did not answer with GraphQL JSON
        }
        await sleep(20);
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    try {
      await waitFor('a first answer', () => results.some((r) => r.ok));
      await pg.stop();
      const down = Date.now();
      // Every request sent once PostgreSQL is gone fails (cleanly, checked below).
      const during = () => results.filter((r) => r.at > down + 200);
      await waitFor('answers during the outage', () => during().length >= 5);
      expect(during().every((r) => !r.ok)).toBe(true);
      pg = await startPg();
      const up = Date.now();
      await waitFor('the first answer after PostgreSQL is back', () => results.some((r) => r.at > up && r.ok));
      // And it stays recovered: once the pool has replaced its broken connections (the first few answers after the
      // first success), every answer succeeds.
      const recovered = results.find((r) => r.at > up && r.ok)!.at;
      const after = () => results.filter((r) => r.at >= recovered);
      await waitFor('twenty answers after the recovery', () => after().length >= 20);
      expect(
        after()
          .slice(10)
          .every((r) => r.ok),
      ).toBe(true);
    } finally {
      running = false;
      await Promise.all(workers);
      process.off('unhandledRejection', onRejection);
    }
    expect(results.every((r) => r.clean)).toBe(true);
    expect(rejections).toEqual([]);
  }, 180_000);
});

describe('SIGTERM to a running process', () => {
  let child: ChildProcess | undefined;
  let sigDb: TestDatabase | undefined;

  afterAll(async () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sigDb?.drop();
  });

  it('finishes the request in flight, refuses new connections, exits 0 leaving no process or port', async () => {
    sigDb = await createTestDatabase();
    const ports = await freePorts(4);
    const [gatewayPort] = ports;
    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        DATABASE_URL: sigDb.url,
        GATEWAY_PORT: String(ports[0]),
        VENDOR_PORT: String(ports[1]),
        PARTNER_PORT: String(ports[2]),
        DISTRIBUTOR_PORT: String(ports[3]),
      },
    });
    const proc = child;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready after 45s:\n${output}`)), 45_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('channel graph is ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      void exited.then(() => reject(new Error(`exited before ready:\n${output}`)));
    });

    // A request in flight: headers and half the body sent, the rest only after SIGTERM has closed the listener.
    const body = JSON.stringify({ query: '{ me { slug } vendors { slug } deals(first: 5) { totalCount } }' });
    const token = await tokenFor('northwind-cloud');
    let pending: http.ClientRequest | undefined;
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: gatewayPort,
          path: '/graphql',
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      pending = req;
    });
    await sleep(200); // the gateway has the request's headers
    process.kill(proc.pid!, 'SIGTERM');

    // New connections are refused (or answered 503) once the gateway stops accepting.
    const deadline = Date.now() + 3_000;
    let refused = false;
    while (Date.now() < deadline && !refused) {
      if (!(await portOpen(gatewayPort))) refused = true;
      else {
        const status = await new Promise<number>((resolve) => {
          http
            .get({ host: '127.0.0.1', port: gatewayPort, path: '/health', agent: false }, (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            })
            .on('error', () => resolve(0));
        });
        if (status === 503 || status === 0) refused = true;
        else await sleep(25);
      }
    }
    expect({ refused, output }).toMatchObject({ refused: true });

    pending!.end(body.slice(10));
    const finished = await inFlight.catch((error: Error) => ({ status: -1, text: `${error.message}\n${output}` }));
    expect(finished).toMatchObject({ status: 200 });
    expect(JSON.parse(finished.text)).toMatchObject({ data: { me: { slug: 'northwind-cloud' }, vendors: [{ slug: 'northwind-cloud' }] } });

    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('▸ stopped');
    // tsx's esbuild helper shares the process group and ends a moment after node does.
    const groupAlive = () => {
      try {
        process.kill(-proc.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; groupAlive() && waited < 3_000; waited += 50) await sleep(50);
    expect(groupAlive()).toBe(false);
    for (const port of ports) expect(await portOpen(port)).toBe(false);
  }, 60_000);
});
