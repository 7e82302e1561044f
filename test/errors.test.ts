import { ServiceUnavailableError, isConnectionFailure } from '../common/errors';

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
