import type { ApolloServerPlugin, HTTPGraphQLRequest } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { PersistedDocuments } from '../common/config';
import type { GatewayContext } from './context';

/** With PERSISTED_DOCUMENTS_ONLY, an operation that is not in the manifest (free text, or an unknown id). */
export class PersistedQueryNotAllowedError extends GraphQLError {
  constructor(id: string | undefined) {
    super(
      id
        ? `No trusted operation has id ${id}: this gateway runs only the operations of its manifest. Add the operation to the manifest (npm run operations) and deploy it with the gateway.`
        : "This gateway runs only trusted operations: send the id of an operation of its manifest as extensions.persistedQuery.sha256Hash, without the query text (Apollo Client's persisted queries link with the manifest's ids).",
      { extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED', http: { status: 400 } } },
    );
  }
}

interface OperationFields {
  query?: unknown;
  extensions?: unknown;
}

const persistedId = (extensions: unknown): string | undefined => {
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
};

/** The query and extensions of an HTTP request as Apollo reads them: the JSON body of a POST, the search of a GET. */
function operationFields(request: HTTPGraphQLRequest): OperationFields {
  if (request.method !== 'GET') return request.body !== null && typeof request.body === 'object' ? (request.body as OperationFields) : {};
  const search = new URLSearchParams(request.search);
  try {
    return { query: search.get('query') ?? undefined, extensions: JSON.parse(search.get('extensions') ?? 'null') };
  } catch {
    return { query: search.get('query') ?? undefined };
  }
}

/**
 * Trusted operations, as Apollo Client's persisted queries link sends them: `extensions.persistedQuery.sha256Hash` is
 * a manifest id and the text is not sent. `plugin` resolves a manifest id from the manifest before Apollo's APQ cache
 * is looked at (so it needs no registration, and nothing registered can shadow it); the operation then goes through
 * the pipeline as text would: validation, limits, the caller's authorization, planning. With `only`, `admit` refuses
 * anything else; the gateway calls it with authentication, before Apollo parses anything (Apollo answers an error
 * thrown by a plugin before parsing with a 500).
 */
export class TrustedOperations {
  constructor(
    private readonly documents: PersistedDocuments,
    private readonly only: boolean,
  ) {}

  /** The manifest's text for a request's id, unless the request carries some other text. */
  private resolve({ query, extensions }: OperationFields): string | undefined {
    const id = persistedId(extensions);
    const body = id === undefined ? undefined : this.documents.operations.get(id);
    return body !== undefined && (query === undefined || query === body) ? body : undefined;
  }

  admit(request: HTTPGraphQLRequest): void {
    if (!this.only) return;
    const fields = operationFields(request);
    if (this.resolve(fields) === undefined) throw new PersistedQueryNotAllowedError(persistedId(fields.extensions));
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async ({ request }) => {
        const body = this.resolve(request);
        if (body === undefined) return;
        // Without the extension Apollo neither looks the id up in its APQ cache nor registers the text there.
        const { persistedQuery: _resolved, ...extensions } = request.extensions!;
        request.query = body;
        request.extensions = extensions;
      },
    };
  }
}
