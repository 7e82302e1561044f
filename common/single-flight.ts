/**
 * Wraps `work` so that callers share it: while a call is in flight every caller gets that call's promise, and its
 * result is reused for `ttlMs` after it settles. What an unauthenticated health check costs then no longer grows
 * with how often it is called: at most one round of work per `ttlMs`, whatever the concurrency. (A rejection is
 * shared by the callers in flight but not kept.)
 */
export function sharedFor<T>(ttlMs: number, work: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  let last: { value: T; at: number } | undefined;
  return () => {
    if (last && Date.now() - last.at < ttlMs) return Promise.resolve(last.value);
    inFlight ??= work().then(
      (value) => {
        last = { value, at: Date.now() };
        inFlight = undefined;
        return value;
      },
      (error: unknown) => {
        inFlight = undefined;
        throw error;
      },
    );
    return inFlight;
  };
}

/** How long one readiness check (the gateway's probe round, a subgraph's SELECT 1) answers every /health caller. */
export const HEALTH_CACHE_MS = 1000;
