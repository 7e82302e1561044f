import http from 'node:http';
import https from 'node:https';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Kind, parse } from 'graphql';
import { IDENTITY_HEADER, IdentitySigner } from '../common/identity';
import type { GatewayContext } from './context';
import type { GatewayMetrics } from './metrics';
import { ResponseTooLargeError, type ResponseBudget } from './response-budget';
import {
  InFlight,
  isQueryOperation,
  responseFromAnswer,
  type GatewayGraphQLRequest,
  type GatewayGraphQLResponse,
  type RawAnswer,
} from './subgraph-answers';

/** The response keys of an operation's top-level fields (where a failed root fetch's errors go). */
function rootFields(query: string | undefined): string[] {
  if (!query) return [];
  try {
    const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operation?.kind !== Kind.OPERATION_DEFINITION) return [];
    return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [(s.alias ?? s.name).value] : []));
  } catch {
    return [];
  }
}

/** The subgraph did not answer in time: the one cause a client is told (it may retry, or ask for less). */
class SubgraphTimeoutError extends Error {}

/** Connections to a subgraph that the server closes while idle: the one case where sending again is safe for a query. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Sends query-plan fetches to one subgraph, carrying the caller's identity signed with the gateway secret.
 *
 * Fetches go over `node:http` (`node:https` for an https URL) with a keep-alive agent per subgraph, not Node's fetch:
 * undici, web streams, AbortSignal and a node-fetch Request per fetch were the gateway's largest CPU costs. Identical
 * query fetches in flight at once (same URL, same headers, so the same caller identity, same body) share one request
 * and its answer text; each waiter parses its own copy. Mutations are always sent.
 */
export class SubgraphClient extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly target: URL;
  private readonly inFlight = new InFlight<RawAnswer>();

  constructor(
    readonly name: string,
    url: string,
    private readonly signer: IdentitySigner,
    private readonly metrics: GatewayMetrics,
    private readonly timeoutMs: number,
    /** Where the cause of a failed fetch goes (its URL, the connection error): the client is told only that it failed. */
    private readonly onFailure: (subgraph: string, error: unknown) => void = () => undefined,
  ) {
    super({ url });
    this.target = new URL(url);
    const secure = this.target.protocol === 'https:';
    this.transport = secure ? https : http;
    // Idle sockets close after 4 s, before Node servers' default 5 s keep-alive timeout closes them under a request.
    const options: http.AgentOptions = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo', timeout: 4_000 };
    this.agent = secure ? new https.Agent(options) : new http.Agent(options);
    // RemoteGraphQLDataSource.sendRequest is private in its typings (so not overridable in TypeScript) but called as
    // `this.sendRequest` by process(): an own property replaces it, keeping process() (headers, willSendRequest,
    // cache-control hints) as Apollo has it.
    Object.defineProperty(this, 'sendRequest', {
      value: (request: GatewayGraphQLRequest, context: GatewayContext) => this.send(request, context.responseBudget),
    });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!context.identity) throw new Error('No caller identity to forward to the subgraph.');
    request.http?.headers.set(IDENTITY_HEADER, await this.signer.header(context.identity));
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const stopTimer = this.metrics.subgraphDuration.startTimer({ subgraph: this.name });
    try {
      const response = await super.process(options);
      this.metrics.subgraphRequests.inc({ subgraph: this.name, outcome: response.errors?.length ? 'error' : 'ok' });
      return response;
    } catch (error) {
      this.metrics.subgraphRequests.inc({ subgraph: this.name, outcome: 'failed' });
      // The operation is answered with this one error (responseSizePlugin), not served in part; a fetch shared with an
      // operation whose budget ran out first would have run this one's out too.
      if (error instanceof ResponseTooLargeError) {
        if (options.context.responseBudget) options.context.responseBudget.exceeded = true;
        throw error;
      }
      return this.failed(options.request, error);
    } finally {
      stopTimer();
    }
  }

  /** Closes the idle keep-alive connections to the subgraph. */
  destroy(): void {
    this.agent.destroy();
  }

  private async send(request: GatewayGraphQLRequest, budget: ResponseBudget | undefined): Promise<GatewayGraphQLResponse> {
    if (!request.http) throw new Error("Internal error: Only 'http' requests are supported.");
    if (budget?.exceeded) throw new ResponseTooLargeError(budget.maxBytes);
    const { http: httpRequest, ...withoutHttp } = request;
    const body = JSON.stringify(withoutHttp);
    const headers: Record<string, string> = {};
    let key = '';
    for (const [name, value] of httpRequest.headers) {
      headers[name] = value;
      key += `${name}:${value}\n`;
    }
    const url = httpRequest.url;
    if (!isQueryOperation(request.query)) return responseFromAnswer(await this.post(url, headers, body, false, budget));
    const { promise, shared } = this.inFlight.run(`${url}\n${key}\n${body}`, () => this.post(url, headers, body, true, budget));
    if (!shared) return responseFromAnswer(await promise);
    this.metrics.subgraphFetchesShared.inc({ subgraph: this.name });
    // Another operation's fetch counted its bytes as they came; this one counts the whole answer it shares.
    const answer = await promise;
    if (budget && !budget.take(Buffer.byteLength(answer.body))) throw new ResponseTooLargeError(budget.maxBytes);
    return responseFromAnswer(answer);
  }

  /** One POST, given up after the subgraph timeout; a query found its kept-alive connection closed is sent once more. */
  private async post(
    url: string,
    headers: Record<string, string>,
    body: string,
    retryStale: boolean,
    budget: ResponseBudget | undefined,
  ): Promise<RawAnswer> {
    try {
      return await this.postOnce(url, headers, body, budget);
    } catch (error) {
      const { code, reusedSocket } = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
      if (retryStale && reusedSocket && code && STALE_SOCKET.has(code)) return this.postOnce(url, headers, body, budget);
      throw error;
    }
  }

  /** Counts the answer's bytes against the operation's budget as they arrive, and drops the connection past it. */
  private postOnce(url: string, headers: Record<string, string>, body: string, budget: ResponseBudget | undefined): Promise<RawAnswer> {
    const target = url === this.url ? this.target : new URL(url);
    return new Promise<RawAnswer>((resolve, reject) => {
      let settled = false;
      const request = this.transport.request({
        protocol: target.protocol,
        hostname: target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: this.agent,
      });
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new SubgraphTimeoutError(`it did not answer within ${this.timeoutMs} ms`));
        request.destroy();
      }, this.timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => {
        // As Node's fetch reports it: the connection error (its code, e.g. ECONNREFUSED) as the cause.
        const failure = Object.assign(new Error(`request to ${url} failed`, { cause: error }), {
          reusedSocket: request.reusedSocket,
          code: error.code,
        });
        fail(failure);
      });
      request.on('response', (response) => {
        response.setEncoding('utf8');
        let text = '';
        response.on('data', (chunk: string) => {
          if (budget && !budget.take(Buffer.byteLength(chunk))) {
            fail(new ResponseTooLargeError(budget.maxBytes));
            request.destroy();
            return;
          }
          text += chunk;
        });
        response.on('error', (error) => fail(new Error(`reading the answer of ${url} failed`, { cause: error })));
        response.on('end', () => {
          if (settled) return;
          if (!response.complete) return fail(new Error(`the answer of ${url} ended early`));
          settled = true;
          clearTimeout(timer);
          resolve({ url, status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: response.headers, body: text });
        });
      });
      request.end(body);
    });
  }

  /**
   * A fetch that failed (subgraph down, timed out, not a GraphQL answer) as the subgraph's own errors, each with the
   * path of what it would have returned: the gateway then puts them at the incoming operation's paths (an entity
   * fetch's `_entities.<i>` becomes the entity's place in the response) and serves what the other fetches returned.
   */
  private failed(request: GatewayGraphQLRequest, error: unknown): GatewayGraphQLResponse {
    this.onFailure(this.name, error);
    // No URL, hostname or connection detail: they describe the deployment, not the client's request.
    const message = `Subgraph ${this.name} is unavailable${error instanceof SubgraphTimeoutError ? `: ${error.message}` : ''}.`;
    const extensions = { code: 'SUBGRAPH_UNAVAILABLE', subgraph: this.name };
    const representations = request.variables?.representations;
    if (Array.isArray(representations)) {
      return {
        data: { _entities: representations.map(() => null) },
        errors: representations.map((_, i) => ({ message, path: ['_entities', i], extensions })),
      };
    }
    const fields = rootFields(request.query);
    return { data: null, errors: fields.length ? fields.map((field) => ({ message, path: [field], extensions })) : [{ message, extensions }] };
  }
}
