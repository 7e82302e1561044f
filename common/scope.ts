import type { z } from 'zod';
import { ServiceUnavailableError } from './errors';
import type { SubgraphName } from './config';
import type { Identity } from './identity';
import { IDENTITY_HEADER, callerKey } from './identity';
import { ContractError, issuesOf, type AnswerOf, type Procedure, type RequestOf } from './procedures/contract';
import { scopeFactsAnswer, type ScopeFacts } from './procedures/scope';

export type { ScopeFacts };

/** The caller of one request: who it is, and the facts peers hold about it (asked once per request at most). */
export interface Caller {
  identity: Identity;
  facts(peer: SubgraphName): Promise<ScopeFacts>;
  /**
   * Calls a peer's internal procedure as this caller (e.g. "is this partner actively enrolled with that vendor?"),
   * for validations that need another context's data. The peer answers for the caller's identity only.
   */
  ask<P extends Procedure>(peer: SubgraphName, procedure: P, input: RequestOf<P>): Promise<AnswerOf<P>>;
}

/** A peer subgraph did not answer: the field fails (never answered wider), with a code a client can retry on. */
export class ScopeUnavailableError extends ServiceUnavailableError {}

/** Asks peer subgraphs for scope facts with the caller's gateway-signed identity; caches answers briefly per caller (subject and groups). */
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
      ask: (peer, procedure, input) => this.ask(peer, procedure, identityToken, input),
    };
  }

  private cached(peer: SubgraphName, identity: Identity, token: string): Promise<ScopeFacts> {
    // Per person, not per organization: a vendor's facts narrow to the partnerships assigned to a partner manager
    // (DESIGN §6), and the groups decide whether they narrow, so a member whose groups changed asks again.
    const key = JSON.stringify([peer, callerKey(identity), [...(identity.groups ?? [])].sort()]);
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
    return this.call(peer, '/scope', scopeFactsAnswer, token);
  }

  private async ask<P extends Procedure>(peer: SubgraphName, procedure: P, token: string, input: RequestOf<P>): Promise<AnswerOf<P>> {
    const request = procedure.request.safeParse(input);
    if (!request.success)
      throw new ContractError(
        `This subgraph asked the ${peer} subgraph's ${procedure.name} in a form that procedure does not read.`,
        issuesOf(request.error),
      );
    return this.call(peer, `/internal/${procedure.name}`, procedure.answer, token, input) as Promise<AnswerOf<P>>;
  }

  /** GET (no input) or POST `route` as the caller; the answer as `answer` reads it. */
  private async call<A extends z.ZodType>(peer: SubgraphName, route: string, answer: A, token: string, input?: unknown): Promise<z.output<A>> {
    const url = new URL(route, this.urls[peer]);
    let status: number;
    let text: string;
    try {
      const response = await fetch(url, {
        method: input === undefined ? 'GET' : 'POST',
        headers: { [IDENTITY_HEADER]: token, 'content-type': 'application/json' },
        body: input === undefined ? undefined : JSON.stringify(input),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
      if (!response.ok && status !== 400) throw new Error(`HTTP ${status}`);
    } catch (error) {
      // Fail closed: without the peer's answer nothing is scoped wider or accepted; the field errors instead. The client
      // is told which context did not answer, not the internal route or the connection error (they go to the log).
      this.onFailure(peer, route, error);
      throw new ScopeUnavailableError(`The ${peer} subgraph did not answer for this caller; retry shortly.`);
    }
    if (status === 400) throw new ContractError(`The ${peer} subgraph refused this subgraph's request to ${route} as malformed.`, text.slice(0, 500));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ContractError(`The ${peer} subgraph answered ${route} with something that is not JSON.`, `${text.length} characters`);
    }
    const parsed = answer.safeParse(body);
    if (!parsed.success)
      throw new ContractError(`The ${peer} subgraph answered ${route} in a form this subgraph does not read.`, issuesOf(parsed.error));
    return parsed.data;
  }
}
