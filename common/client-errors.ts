import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ServiceUnavailableError, isConnectionFailure } from './errors';

/** PostgreSQL's SQLSTATE of a driver error, wrapped by TypeORM (QueryFailedError.driverError) or not. */
function sqlState(error: unknown): string | undefined {
  const driver = ((error as { driverError?: unknown } | null)?.driverError ?? error) as { code?: unknown } | null;
  return typeof driver?.code === 'string' && /^[0-9A-Z]{5}$/.test(driver.code) ? driver.code : undefined;
}

export const INTERNAL_MESSAGE = 'Internal server error';
export const STATEMENT_TIMEOUT_MESSAGE =
  'The database stopped this request because it took too long; retry shortly, or ask for less (smaller pages, narrower filters).';
export const DATA_EXCEPTION_MESSAGE = 'A value in the request cannot be stored or compared (out of range or malformed): check the arguments.';

/**
 * What a subgraph tells a client about a failed field: our own errors (GraphQLError: AppError, unavailable peers,
 * GraphQL's request errors) as they are; a database that went away, or a statement it cancelled past statement_timeout
 * (SQLSTATE 57014), as one retryable code; a value PostgreSQL refused
 * (SQLSTATE class 22, data exception: a date out of range, a NUL byte) as BAD_USER_INPUT; anything else as "Internal
 * server error". Never the driver's or a library's text, nor its stack: `report` gets the original for the logs.
 */
export function clientError(formatted: GraphQLFormattedError, error: unknown, report: (error: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isConnectionFailure(original)) {
    return { ...new ServiceUnavailableError('The database is unavailable right now; retry shortly.').toJSON(), path: formatted.path };
  }
  if (sqlState(original) === '57014') return { ...new ServiceUnavailableError(STATEMENT_TIMEOUT_MESSAGE).toJSON(), path: formatted.path };
  if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
  report(original);
  const dataException = sqlState(original)?.startsWith('22');
  const message = dataException ? DATA_EXCEPTION_MESSAGE : INTERNAL_MESSAGE;
  return {
    message,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: dataException ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR' },
  };
}
