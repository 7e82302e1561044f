import type { Identity } from '../common/identity';
import { RateLimitedError } from './rate-limit';

/** How long a refused client is told to wait: operations take tens of milliseconds, a slot is free again by then. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

/**
 * Caps the operations one (role, organization) has in flight at this gateway: the rate limiter bounds how many an
 * organization starts per minute, this bounds how many it holds at once, so a tenant's flood of slow operations cannot
 * occupy every subgraph connection while others wait. In memory and per gateway instance, like the rate limiter.
 */
export class InFlightLimiter {
  private readonly counts = new Map<string, number>();

  /** `max` 0 turns the cap off. */
  constructor(private readonly max: number) {}

  /** Counts an operation in for this caller and returns the function that counts it out (call it exactly once). */
  enter(identity: Identity): () => void {
    if (this.max <= 0) return () => {};
    const key = `${identity.role}\u0000${identity.organizationId}`;
    const current = this.counts.get(key) ?? 0;
    if (current >= this.max) {
      throw new RateLimitedError(
        IN_FLIGHT_RETRY_AFTER_SECONDS,
        `Your organization already has ${this.max} operations in progress on this gateway (IN_FLIGHT_PER_ORG): try again in ${IN_FLIGHT_RETRY_AFTER_SECONDS} s.`,
      );
    }
    this.counts.set(key, current + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const remaining = (this.counts.get(key) ?? 1) - 1;
      if (remaining > 0) this.counts.set(key, remaining);
      else this.counts.delete(key);
    };
  }

  /** Operations in flight for this caller now (tests and metrics). */
  inFlight(identity: Identity): number {
    return this.counts.get(`${identity.role}\u0000${identity.organizationId}`) ?? 0;
  }
}
