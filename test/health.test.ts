import { SUBGRAPHS, type SubgraphName } from '../common/config';
import { HEALTH_CACHE_MS } from '../common/single-flight';
import { createGateway, type Gateway } from '../gateway/server';
import { createTestDatabase, type TestDatabase } from './support/database';
import { healthWhen, stackConfig, startTestStack, type TestStack } from './support/stack';

const N = 500;
let db: TestDatabase;
let t: TestStack;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestStack(db.url);
  base = t.stack.gatewayUrl.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await t?.stop();
});

/** channel_graph_health_probes_total per subgraph, as a scraper reads it from the gateway's /metrics. */
async function probesCounted(): Promise<Record<SubgraphName, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Object.fromEntries(
    SUBGRAPHS.map((name) => [
      name,
      Number(text.match(new RegExp(`^channel_graph_health_probes_total\\{subgraph="${name}"\\} (\\d+)$`, 'm'))?.[1] ?? 0),
    ]),
  ) as Record<SubgraphName, number>;
}

const selectOnes = (name: SubgraphName) => t.sql[name].statements.filter((statement) => statement.trim() === 'SELECT 1').length;

/** N requests at once; returns their statuses and bodies and the time the burst took, from first sent to last answered. */
async function burst(url: string): Promise<{ statuses: number[]; bodies: { status: string }[]; ms: number }> {
  const started = Date.now();
  const responses = await Promise.all(Array.from({ length: N }, () => fetch(url)));
  const bodies = await Promise.all(responses.map((response) => response.json() as Promise<{ status: string }>));
  return { statuses: responses.map((response) => response.status), bodies, ms: Date.now() - started };
}

describe('/health is cheap', () => {
  it(`${N} concurrent gateway /health calls share a few probe rounds (counted on /metrics), not one round each`, async () => {
    const before = await probesCounted();
    const selectsBefore = Object.fromEntries(SUBGRAPHS.map((name) => [name, selectOnes(name)]));
    const { statuses, bodies, ms } = await burst(`${base}/health`);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(bodies.every((body) => body.status === 'ok')).toBe(true);
    const after = await probesCounted();
    // A round answers every caller while it runs and for HEALTH_CACHE_MS after: at most one round per cache period
    // of the burst, plus the one under way when it started.
    const maxRounds = Math.ceil(ms / HEALTH_CACHE_MS) + 1;
    for (const name of SUBGRAPHS) {
      const rounds = after[name] - before[name];
      console.log(`${N} concurrent /health in ${ms} ms: ${rounds} probe round(s) of ${name}, ${selectOnes(name) - selectsBefore[name]} SELECT 1`);
      expect(rounds).toBeGreaterThanOrEqual(1);
      expect(rounds).toBeLessThanOrEqual(maxRounds);
      expect(rounds).toBeLessThan(N / 10);
      // Each subgraph's own /health is shared the same way: no more SELECT 1 than the gateway's rounds asked for.
      expect(selectOnes(name) - selectsBefore[name]).toBeLessThanOrEqual(rounds);
    }
  });

  it(`${N} concurrent calls to a subgraph's own /health share a few SELECT 1`, async () => {
    const before = selectOnes('partner');
    const { statuses, ms } = await burst(t.stack.subgraphUrls.partner.replace(/\/graphql$/, '/health'));
    expect(new Set(statuses)).toEqual(new Set([200]));
    const selects = selectOnes('partner') - before;
    console.log(`${N} concurrent partner /health in ${ms} ms: ${selects} SELECT 1`);
    expect(selects).toBeLessThanOrEqual(Math.ceil(ms / HEALTH_CACHE_MS) + 1);
    expect(selects).toBeLessThan(N / 10);
  });

  it('/health/live answers without probing anything', async () => {
    const before = await probesCounted();
    const selectsBefore = SUBGRAPHS.map(selectOnes);
    const { statuses, bodies } = await burst(`${base}/health/live`);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(bodies[0]).toEqual({ status: 'ok' });
    expect(await probesCounted()).toEqual(before);
    expect(SUBGRAPHS.map(selectOnes)).toEqual(selectsBefore);
    const live = await fetch(t.stack.subgraphUrls.vendor.replace(/\/graphql$/, '/health/live'));
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok', subgraph: 'vendor' }]);
  });

  it('/health still turns 503 degraded once a subgraph is down (after the cached second), while /health/live stays 200', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    await t.stack.subgraphs.partner.server.stop();
    const { status, report } = await healthWhen(t.stack.gatewayUrl, 503);
    expect(status).toBe(503);
    expect(report).toEqual({ status: 'degraded', subgraphs: { vendor: 'ok', partner: expect.not.stringMatching(/^ok$/), distributor: 'ok' } });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });
});

describe('/metrics exposure', () => {
  const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_SECRET: 'j'.repeat(32) };
  const TOKEN = 'm'.repeat(40);
  const started: Gateway[] = [];

  /** A gateway alone (no subgraph is asked for /metrics) on a free port; returns its base URL. */
  async function gateway(env: Record<string, string>): Promise<{ gateway: Gateway; url: string }> {
    const instance = createGateway(stackConfig({ LOG_LEVEL: 'silent', ...env }));
    started.push(instance);
    const port = await instance.start(0, '127.0.0.1');
    return { gateway: instance, url: `http://127.0.0.1:${port}` };
  }

  afterAll(async () => {
    for (const instance of started) await instance.stop();
  });

  it('with METRICS_TOKEN, answers only "Authorization: Bearer <METRICS_TOKEN>", 401 with a clear message otherwise', async () => {
    const { url } = await gateway({ METRICS_TOKEN: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong', TOKEN, `Bearer ${TOKEN}x`]) {
      const response = await fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: '/metrics requires "Authorization: Bearer <METRICS_TOKEN>".' });
    }
    const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# TYPE channel_graph_health_probes_total counter');
  });

  it('with METRICS_PORT, serves /metrics on that listener only', async () => {
    const { gateway: instance, url } = await gateway({ METRICS_PORT: '0' });
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const metricsUrl = `http://127.0.0.1:${instance.metricsPort}`;
    expect(await (await fetch(`${metricsUrl}/metrics`)).text()).toContain('channel_graph_operations_total');
    expect((await fetch(`${metricsUrl}/graphql`)).status).toBe(404);
  });

  it('in production, keeps /metrics off the public port unless METRICS_TOKEN or METRICS_PORT is set', async () => {
    const closed = await gateway(production);
    expect((await fetch(`${closed.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${closed.url}/health/live`)).status).toBe(200);

    const withToken = await gateway({ ...production, METRICS_TOKEN: TOKEN });
    expect((await fetch(`${withToken.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${withToken.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    const ownPort = await gateway({ ...production, METRICS_PORT: '0' });
    expect((await fetch(`${ownPort.url}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${ownPort.gateway.metricsPort}/metrics`)).status).toBe(200);
  });
});
