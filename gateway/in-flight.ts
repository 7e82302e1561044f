import type http from 'node:http';
import { sendJson } from '../common/http';
import { organizationKey, type Identity } from '../common/identity';
import type { TokenVerifier } from './auth';
import { RateLimitedError } from './rate-limit';

/** How long a refused client is told to wait: operations take tens of milliseconds, a slot is free again by then. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

/**
 * Caps the operations one (role, organization) has in flight at this gateway: the rate limiter bounds how many an
 * organization starts per minute, this bounds how many it holds at once, so a tenant's flood of slow or heavy
 * operations cannot occupy every subgraph connection, nor the gateway's time reading bodies, while others wait. In
 * memory and per gateway instance, like the rate limiter.
 */
export class InFlightLimiter {
  private readonly counts = new Map<string, number>();

  /** `max` 0 turns the cap off. */
  constructor(private readonly max: number) {}

  /** Counts an operation in for this caller and returns the function that counts it out (once, however often called). */
  enter(identity: Identity): () => void {
    if (this.max <= 0) return () => {};
    const key = organizationKey(identity);
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
}

/**
 * The cap at the door: the token is in the headers, so a caller at its cap is answered 429 before its body is read
 * (a flood of 1 MB bodies then costs the gateway no upload nor JSON parsing) and the connection closed, its body unread.
 * An operation counts from here until its response is finished or its client went away (`close`, which fires in both
 * cases). A token that does not verify passes here and is answered 401 by the operation's context, as before.
 */
export function inFlightGate(limiter: InFlightLimiter, verifyToken: TokenVerifier) {
  const verified = new WeakMap<http.IncomingMessage, Promise<Identity>>();
  return {
    async beforeBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
      const identity = verifyToken(req.headers.authorization);
      verified.set(req, identity);
      let caller: Identity;
      try {
        caller = await identity;
      } catch {
        return false;
      }
      try {
        res.once('close', limiter.enter(caller));
        return false;
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        const { code, retryAfterSeconds } = error.extensions as { code: string; retryAfterSeconds: number };
        sendJson(
          res,
          429,
          { errors: [{ message: error.message, extensions: { code, retryAfterSeconds } }] },
          { 'retry-after': String(retryAfterSeconds), connection: 'close' },
        );
        return true;
      }
    },
    /** The caller as verified before the body (once per request), or verified now. */
    identity(req: http.IncomingMessage): Promise<Identity> {
      return verified.get(req) ?? verifyToken(req.headers.authorization);
    },
  };
}
