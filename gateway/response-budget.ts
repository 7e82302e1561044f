import type { ApolloServerPlugin } from '@apollo/server';
import { AppError } from '../common/errors';
import type { GatewayContext } from './context';

/**
 * The bytes of subgraph answers one incoming operation may make the gateway hold (MAX_RESPONSE_BYTES), counted as
 * they arrive: gateway/subgraph-client.ts aborts a fetch past the budget instead of buffering it, and sends no further
 * fetch for the operation. The response itself is held to the same size (responseSizePlugin).
 */
export class ResponseBudget {
  private used = 0;
  exceeded = false;

  constructor(readonly maxBytes: number) {}

  /** Counts bytes received for the operation; false (and exceeded from then on) once past the budget. */
  take(bytes: number): boolean {
    this.used += bytes;
    if (this.used > this.maxBytes) this.exceeded = true;
    return !this.exceeded;
  }
}

/** BAD_USER_INPUT: the operation asks for more than a response may hold; smaller pages or fewer fields get through. */
export class ResponseTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super(
      `The response to this operation would exceed ${maxBytes} bytes (MAX_RESPONSE_BYTES): ask for smaller pages (first/limit) or fewer fields.`,
      'BAD_USER_INPUT',
      400,
      { limit: 'MAX_RESPONSE_BYTES', maxResponseBytes: maxBytes },
    );
  }
}

/**
 * Replaces the response of an operation whose subgraph answers went past the budget, or whose response would, with
 * the one error and no data: never a partial giant payload. The response is measured (serialized once more) because
 * the subgraph answers alone do not bound it: an entity fetched once may appear at many places of the response.
 */
export function responseSizePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const budget = contextValue.responseBudget;
          if (!budget || response.body.kind !== 'single') return;
          if (!budget.exceeded && Buffer.byteLength(JSON.stringify(response.body.singleResult)) <= budget.maxBytes) return;
          const { message, extensions } = new ResponseTooLargeError(budget.maxBytes);
          const { http: _status, ...rest } = extensions;
          response.body.singleResult = { errors: [{ message, extensions: rest }] };
          response.http.status = 400;
        },
      };
    },
  };
}
