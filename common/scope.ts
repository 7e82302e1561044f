import { ServiceUnavailableError } from './errors';
import type { SubgraphName } from './config';
import type { Identity } from './identity';
import { IDENTITY_HEADER, organizationKey } from './identity';

/**
 * Relationship facts a subgraph owns about the caller, which other subgraphs need to scope their rows:
 * a vendor's enrolled partners and carrying distributors (vendor subgraph), a distributor's network
 * (distributor subgraph). Only the facts for the caller's own role and organization are ever served.
 */
export interface ScopeFacts {
  partnerIds?: string[];
  vendorIds?: string[];
  distributorIds?: string[];
  /** (partner, vendor line) pairs of a distributor's network. */
  network?: { partnerId: string; vendorId: string }[];
}

/** The caller of one request: who it is, and the facts peers hold about it (asked once per request at most). */
export interface Caller {
  identity: Identity;
  facts(peer: SubgraphName): Promise<ScopeFacts>;
  /**
   * Calls a peer's internal procedure as this caller (e.g. "is this partner actively enrolled with that vendor?"),
   * for validations that need another context's data. The peer answers for the caller's identity only.
   */
  ask<T>(peer: SubgraphName, procedure: string, input: unknown): Promise<T>;
}

/** A peer subgraph did not answer: the field fails (never answered wider), with a code a client can retry on. */
export class ScopeUnavailableError extends ServiceUnavailableError {}

/** Asks peer subgraphs for scope facts with the caller's gateway-signed identity; caches answers briefly per caller. */
export class ScopeClient {
  private readonly cache = new Map<string, { facts: Promise<ScopeFacts>; expires: number }>();

  constructor(
    private readonly urls: Record<SubgraphName, string>,
    private readonly ttlMs: number,
    private readonly timeoutMs = 2000,
    private readonly onFailure: (peer: SubgraphName, route: string, error: unknown) => void = () => undefined,
  ) {}

  caller(identity: Identity, identityToken: string): Caller {
    const perRequest = new Map<SubgraphName, Promise<ScopeFacts>>();
    return {
      identity,
      facts: (peer) => {
        let facts = perRequest.get(peer);
        if (!facts) perRequest.set(peer, (facts = this.cached(peer, identity, identityToken)));
        return facts;
      },
      ask: <T>(peer: SubgraphName, procedure: string, input: unknown) => this.call<T>(peer, `/internal/${procedure}`, identityToken, input),
    };
  }

  private cached(peer: SubgraphName, identity: Identity, token: string): Promise<ScopeFacts> {
    const key = organizationKey(identity, peer);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.facts;
    const facts = this.fetch(peer, token);
    if (this.ttlMs > 0) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, { facts, expires: now + this.ttlMs });
      facts.catch(() => this.cache.delete(key));
    }
    return facts;
  }

  private fetch(peer: SubgraphName, token: string): Promise<ScopeFacts> {
    return this.call<ScopeFacts>(peer, '/scope', token);
  }

  private async call<T>(peer: SubgraphName, route: string, token: string, input?: unknown): Promise<T> {
    const url = new URL(route, this.urls[peer]);
    try {
      const response = await fetch(url, {
        method: input === undefined ? 'GET' : 'POST',
        headers: { [IDENTITY_HEADER]: token, 'content-type': 'application/json' },
        body: input === undefined ? undefined : JSON.stringify(input),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as T;
    } catch (error) {
      // Fail closed: without the peer's answer nothing is scoped wider or accepted; the field errors instead. The client
      // is told which context did not answer, not the internal route or the connection error (they go to the log).
      this.onFailure(peer, route, error);
      throw new ScopeUnavailableError(`The ${peer} subgraph did not answer for this caller; retry shortly.`);
    }
  }
}
