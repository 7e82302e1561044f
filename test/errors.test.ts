import { GraphQLError } from 'graphql';
import { DATA_EXCEPTION_MESSAGE, INTERNAL_MESSAGE, clientError } from '../common/client-errors';
import { BadUserInputError, ServiceUnavailableError, isConnectionFailure } from '../common/errors';

describe('telling an unreachable database from a refused query', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '57P03', message: 'the database system is starting up' }],
    [{ message: 'Connection terminated unexpectedly' }],
    [{ message: 'Database connection provided by a query runner was already released' }],
    [{ message: 'the database system is shutting down' }],
  ])('%j is the database being unavailable', (error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }],
    [{ code: '42601', message: 'syntax error at or near "FROM"' }],
    [new Error('something else')],
    [undefined],
  ])('%j is not', (error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });

  it('is answered as a retryable SERVICE_UNAVAILABLE', () => {
    expect(new ServiceUnavailableError('x').extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });
  });
});

describe('what a subgraph tells a client about a failed field', () => {
  const formatted = (message: string) => ({
    message,
    path: ['deals'],
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      stacktrace: [`Error: ${message}`, '    at Parser.parseErrorMessage (node_modules/pg-protocol/dist/parser.js:283:98)'],
    },
  });
  const resolverError = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['deals'] });
  const driverError = (code: string, message: string) =>
    Object.assign(new Error(message), { driverError: Object.assign(new Error(message), { code }) });

  it.each([
    ['22008', 'date/time field value out of range: "2026-02-30T00:00:00Z"'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22003', 'numeric field overflow'],
  ])('PostgreSQL data exception %s is BAD_USER_INPUT with a generic message', (code, message) => {
    const reported: unknown[] = [];
    const answer = clientError(formatted(message), resolverError(driverError(code, message)), (e) => reported.push(e));
    expect(answer).toEqual({ message: DATA_EXCEPTION_MESSAGE, path: ['deals'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(reported).toHaveLength(1);
  });

  it.each([
    ['a missing table', driverError('42P01', 'relation "deals" does not exist')],
    ['a foreign key violation', driverError('23503', 'insert or update on table "deal_lines" violates foreign key constraint "fk_deal"')],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('%s is "Internal server error" without its text or stack', (_name, original) => {
    const answer = clientError(formatted(original.message), resolverError(original), () => undefined);
    expect(answer).toEqual({ message: INTERNAL_MESSAGE, path: ['deals'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps our own errors and GraphQL request errors as they are', () => {
    const own = new BadUserInputError('first', 'must be between 0 and 100, got 101.');
    const ownFormatted = { message: own.message, path: ['deals'], extensions: { code: 'BAD_USER_INPUT', field: 'first' } };
    expect(clientError(ownFormatted, resolverError(own), () => undefined)).toBe(ownFormatted);
    const validation = { message: 'Cannot query field "x" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(clientError(validation, new GraphQLError(validation.message), () => undefined)).toBe(validation);
  });
});
