import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the code serving one HTTP request may learn about its caller without being handed it: every request runs in a
 * scope of its own (common/http.ts), and a subgraph fills in the caller's organization once it is authenticated, so
 * the database pool (common/fair-pool.ts) can share connections fairly between organizations.
 */
export interface RequestScope {
  /** Who is asking, as a fairness key (role and organization); undefined until authenticated, or outside requests. */
  tenant?: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function currentTenant(): string {
  return requestScope.getStore()?.tenant ?? '';
}
