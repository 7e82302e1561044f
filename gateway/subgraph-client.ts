import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Kind, parse } from 'graphql';
import { IDENTITY_HEADER, IdentitySigner } from '../common/identity';
import type { GatewayContext } from './context';
import type { GatewayMetrics } from './metrics';

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

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;
type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

/**
 * Node's fetch, given up after `timeoutMs` (SUBGRAPH_TIMEOUT_MS): the fetch then fails with a message naming the
 * subgraph, the gateway puts its fields' nulls and that error in the response, and serves the rest of the plan.
 */
export function fetchWithTimeout(subgraph: string, timeoutMs: number): Fetcher {
  return (async (url: string, init?: RequestInit) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await fetch(url, { ...init, signal });
    } catch (error) {
      if (timeout.aborted) throw new Error(`Subgraph ${subgraph} did not answer within ${timeoutMs} ms.`);
      throw error;
    }
  }) as unknown as Fetcher;
}

/** Sends query-plan fetches to one subgraph, carrying the caller's identity signed with the gateway secret. */
export class SubgraphClient extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly signer: IdentitySigner,
    private readonly metrics: GatewayMetrics,
    timeoutMs: number,
  ) {
    super({ url, fetcher: fetchWithTimeout(name, timeoutMs) });
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
      return this.failed(options.request, error);
    } finally {
      stopTimer();
    }
  }

  /**
   * A fetch that failed (subgraph down, timed out, not a GraphQL answer) as the subgraph's own errors, each with the
   * path of what it would have returned: the gateway then puts them at the incoming operation's paths (an entity
   * fetch's `_entities.<i>` becomes the entity's place in the response) and serves what the other fetches returned.
   */
  private failed(request: GraphQLDataSourceProcessOptions<GatewayContext>['request'], error: unknown): GatewayGraphQLResponse {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    const message = `Subgraph ${this.name} failed: ${(error as Error).message}${detail ? ` (${detail})` : ''}`;
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
