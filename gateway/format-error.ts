import type { GraphQLFormattedError } from 'graphql';
import type { Environment } from '../common/config';

const PERSISTED_QUERY_MISTAKES = /^(provided sha does not match query|Unsupported persisted query version)$/;

/** graphql-js ends a message with its guesses ("Did you mean the enum value "APPROVED"?", a type, an argument). */
const SUGGESTION = /\s*Did you mean [\s\S]*$/;

/**
 * Extensions only a developer reads: stack traces (the gateway's own, and those a subgraph passed through), a wrapped
 * exception, and the raw HTTP answer of a subgraph (its internal URL and body). Never sent in production.
 */
const INTERNAL_EXTENSIONS = ['stacktrace', 'exception', 'response'];

/** Every error the gateway answers goes through here (Apollo's formatError). */
export function gatewayErrorFormatter(env: Environment): (formatted: GraphQLFormattedError) => GraphQLFormattedError {
  return (formatted) => {
    let { message } = formatted;
    const extensions = formatted.extensions ? { ...formatted.extensions } : undefined;
    // Apollo answers a persisted-query hash that does not match the text, or an unknown protocol version, with HTTP 400
    // but no code of its own (INTERNAL_SERVER_ERROR): it is the client's request that is wrong.
    if (extensions?.code === 'INTERNAL_SERVER_ERROR' && PERSISTED_QUERY_MISTAKES.test(message)) extensions.code = 'BAD_REQUEST';
    // A suggestion could name a field, type, argument or enum value the caller's role may not see: hidden for every
    // role. The stack trace's first line repeats the message, so it goes too.
    if (SUGGESTION.test(message)) {
      message = message.replace(SUGGESTION, '');
      if (extensions) delete extensions.stacktrace;
    }
    // A validation error's stack trace is graphql-js internals and still holds what armor masks.
    if (extensions?.code === 'GRAPHQL_VALIDATION_FAILED') delete extensions.stacktrace;
    if (env === 'production' && extensions) {
      for (const name of INTERNAL_EXTENSIONS) delete extensions[name];
      // An error nobody meant for a client (the gateway's own, or a subgraph's of an older version) says no more.
      if (extensions.code === 'INTERNAL_SERVER_ERROR') message = 'Internal server error';
    }
    return { ...formatted, message, ...(extensions ? { extensions } : {}) };
  };
}
