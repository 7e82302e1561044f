import { GraphQLError } from 'graphql';
import { organizationKey, type Identity } from '../common/identity';

const PRUNE_ABOVE = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per (role, organization): `burst` tokens at most, refilled at `perMinute` per minute; each operation
 * request takes one. In memory, so each gateway instance counts on its own: several instances behind a load balancer
 * would need a shared store (e.g. Redis) for the limit to hold across them.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Takes a token for this caller, or returns how many seconds until one is available. */
  take(identity: Identity): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    if (!this.enabled) return { allowed: true };
    const key = organizationKey(identity);
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    if (!this.buckets.has(key)) {
      this.prune(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }

  /** Forgets buckets that have refilled completely (they behave exactly like new ones). */
  private prune(now: number): void {
    if (this.buckets.size < PRUNE_ABOVE) return;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * (this.perMinute / 60_000) >= this.burst) this.buckets.delete(key);
    }
  }
}

export class RateLimitedError extends GraphQLError {
  constructor(retryAfterSeconds: number, message = `Too many requests for your organization: try again in ${retryAfterSeconds} s.`) {
    super(message, {
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
    });
  }
}
