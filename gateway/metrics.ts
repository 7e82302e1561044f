import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'channel_graph_gateway_' });
  }
}
