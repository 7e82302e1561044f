import type { Config, SubgraphName } from '../common/config';
import { SUBGRAPHS } from '../common/config';
import { HEALTH_CACHE_MS, sharedFor } from '../common/single-flight';
import type { GatewayMetrics } from './metrics';

export interface HealthReport {
  /** ok: every subgraph answers; degraded: some do (the gateway serves their data, errors for the rest); unavailable: none. */
  status: 'ok' | 'degraded' | 'unavailable';
  subgraphs: Record<SubgraphName, 'ok' | string>;
}

async function probe(url: string, timeoutMs: number): Promise<'ok' | string> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? 'ok' : `HTTP ${response.status}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Ready only when every subgraph answers its own /health (which checks its database); the report names the others. */
async function checkHealth(config: Config, metrics: GatewayMetrics, timeoutMs = 2000): Promise<HealthReport> {
  const results = await Promise.all(
    SUBGRAPHS.map((name) => {
      metrics.healthProbes.inc({ subgraph: name });
      return probe(config.subgraphUrls[name], timeoutMs);
    }),
  );
  const subgraphs = Object.fromEntries(SUBGRAPHS.map((name, i) => [name, results[i]])) as HealthReport['subgraphs'];
  const up = results.filter((r) => r === 'ok').length;
  return { status: up === results.length ? 'ok' : up > 0 ? 'degraded' : 'unavailable', subgraphs };
}

/**
 * The gateway's readiness: one probe round at a time, its report shared by every caller for HEALTH_CACHE_MS. /health
 * is public and unauthenticated, so what it costs the subgraphs and their database must not follow how often it is called.
 */
export function sharedHealthCheck(config: Config, metrics: GatewayMetrics): () => Promise<HealthReport> {
  return sharedFor(HEALTH_CACHE_MS, () => checkHealth(config, metrics));
}
