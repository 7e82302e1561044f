import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sendJson, type Route } from '../common/http';

/** The gateway's Prometheus metrics, served on /metrics. */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations = new Counter({
    name: 'channel_graph_operations_total',
    help: 'GraphQL operations received by the gateway, by type and outcome.',
    labelNames: ['operation_type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'channel_graph_operation_duration_seconds',
    help: 'Time to answer a GraphQL operation at the gateway.',
    labelNames: ['operation_type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly subgraphRequests = new Counter({
    name: 'channel_graph_subgraph_requests_total',
    help: 'Query-plan fetches to each subgraph, by outcome (those answered by an identical fetch in flight included: see subgraph_fetches_shared_total).',
    labelNames: ['subgraph', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly subgraphFetchesShared = new Counter({
    name: 'channel_graph_subgraph_fetches_shared_total',
    help: 'Subgraph fetches answered by an identical query fetch already in flight (counted in subgraph_requests_total, not sent).',
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });
  readonly subgraphDuration = new Histogram({
    name: 'channel_graph_subgraph_request_duration_seconds',
    help: 'Round-trip time of gateway requests to each subgraph.',
    labelNames: ['subgraph'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly healthProbes = new Counter({
    name: 'channel_graph_health_probes_total',
    help: "Probes of each subgraph's /health made to answer the gateway's /health (one round is shared by every caller for about a second).",
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'channel_graph_gateway_' });
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** /metrics in Prometheus text; with a token, only for `Authorization: Bearer <token>` (401 otherwise). */
export function metricsRoute(metrics: GatewayMetrics, token: string | undefined): Route {
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  return async (req, res) => {
    // Compared as digests in constant time, so the answer's timing tells nothing about the token.
    if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      return sendJson(res, 401, { error: '/metrics requires "Authorization: Bearer <METRICS_TOKEN>".' }, { 'www-authenticate': 'Bearer' });
    }
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  };
}

/** A listener of its own that serves only /metrics (METRICS_PORT), for a port only the scraper can reach. */
export function createMetricsServer(route: Route): http.Server {
  return http.createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/metrics') return sendJson(res, 404, { error: 'This port serves /metrics only.' });
    Promise.resolve(route(req, res)).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'Metrics could not be collected.' });
      else res.end();
    });
  });
}
