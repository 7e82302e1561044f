import type { SubgraphDependencies } from '../../common/subgraph';
import { expireDeals, expireLeads } from './services';

/** How often the running partner subgraph writes down expiries (reads never wait for it: expiry is derived in SQL). */
export const EXPIRY_SWEEP_MS = 60_000;

/**
 * The expiry sweep of `npm start`: deals past their protection and leads past their acceptance window, persisted with
 * their history (both idempotent, so several processes or an overlapping run do no harm). A failed run is logged and
 * the next one tries again.
 */
export function startJobs({ dataSource, logger }: SubgraphDependencies): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const [deals, leads] = [await expireDeals(dataSource), await expireLeads(dataSource)];
      if (deals.length || leads.length) logger?.info({ deals: deals.length, leads: leads.length }, 'expiry sweep');
    } catch (error) {
      logger?.warn({ err: error }, 'expiry sweep failed; retrying on the next run');
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), EXPIRY_SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
