import type http from 'node:http';
import type { RemoteGraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';

/** Subgraph answers as the gateway's HTTP client shares and reads them (gateway/subgraph-client.ts). */

export type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;
export type GatewayGraphQLRequest = GraphQLDataSourceProcessOptions<GatewayContext>['request'];

/**
 * Whether a subgraph operation is a query, without parsing it: only then may identical fetches share one answer.
 * Anything that does not plainly start with `query` or `{` (after whitespace, commas and comments) counts as not a
 * query, so a mutation is never shared whatever its spelling.
 */
export function isQueryOperation(text: string | undefined): boolean {
  if (!text) return false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // space, tab, LF, CR, comma, BOM
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 0xfeff) i++;
    else if (c === 35 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else break;
  }
  if (text.charCodeAt(i) === 123 /* { */) return true;
  if (!text.startsWith('query', i)) return false;
  const next = text.charCodeAt(i + 5);
  // `query` must be the whole keyword, not the start of a name such as `queryX` (which is not valid here anyway).
  return !(next === 95 || (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122));
}

/**
 * Identical fetches in flight share one: while the promise started for a key is pending, `run` with the same key
 * returns it instead of starting another. The entry goes when the promise settles (success or failure): not a cache.
 * Callers must share only immutable values (e.g. response text) and build their own objects from them.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  get size(): number {
    return this.pending.size;
  }

  run(key: string, start: () => Promise<T>): { promise: Promise<T>; shared: boolean } {
    const existing = this.pending.get(key);
    if (existing) return { promise: existing, shared: true };
    const promise = start();
    this.pending.set(key, promise);
    const remove = () => {
      if (this.pending.get(key) === promise) this.pending.delete(key);
    };
    promise.then(remove, remove);
    return { promise, shared: false };
  }
}

/** A subgraph's HTTP answer as received: immutable, so waiters of one fetch can share it. */
export interface RawAnswer {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** The `get` of Fetch headers over Node's (lower-cased) header object: what Apollo reads (cache-control). */
class AnswerHeaders {
  constructor(private readonly headers: http.IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.headers)) yield [name, this.get(name)!];
  }
  keys(): IterableIterator<string> {
    return Object.keys(this.headers)[Symbol.iterator]();
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

const isJsonType = (type: string | null) => !!type && (type.startsWith('application/json') || type.startsWith('application/graphql-response+json'));

/** The body as RemoteGraphQLDataSource.parseBody reads it: JSON when the content type says so, else text. */
function parseAnswerBody(answer: RawAnswer, headers: AnswerHeaders): unknown {
  return isJsonType(headers.get('content-type')) ? JSON.parse(answer.body) : answer.body;
}

/** A non-2xx answer as RemoteGraphQLDataSource.errorFromResponse makes it (status in the message, code for 401/403). */
function errorFromAnswer(answer: RawAnswer): GraphQLError {
  const body = parseAnswerBody(answer, new AnswerHeaders(answer.headers));
  const extensions: Record<string, unknown> = { response: { url: answer.url, status: answer.status, statusText: answer.statusText, body } };
  if (answer.status === 401) extensions.code = 'UNAUTHENTICATED';
  else if (answer.status === 403) extensions.code = 'FORBIDDEN';
  return new GraphQLError(`${answer.status}: ${answer.statusText}`, { extensions });
}

/** Each waiter's own response object from a (possibly shared) answer: parsed per call, so nothing is shared. */
export function responseFromAnswer(answer: RawAnswer): GatewayGraphQLResponse {
  if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer);
  const headers = new AnswerHeaders(answer.headers);
  const body = parseAnswerBody(answer, headers);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error(`Expected JSON response body, but received: ${String(body)}`);
  return {
    ...(body as GatewayGraphQLResponse),
    http: { headers: headers as unknown as NonNullable<GatewayGraphQLResponse['http']>['headers'], status: answer.status },
  };
}
