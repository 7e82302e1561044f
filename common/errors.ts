import { GraphQLError } from 'graphql';

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

export class AppError extends GraphQLError {
  constructor(message: string, code: ErrorCode, status: number, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, http: { status }, ...extensions } });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'A valid bearer token is required: send "Authorization: Bearer <JWT>".') {
    super(message, 'UNAUTHENTICATED', 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(message, 'FORBIDDEN', 403);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found.`, 'NOT_FOUND', 404);
  }
}

export class BadUserInputError extends AppError {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, 'BAD_USER_INPUT', 400, { field });
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 'CONFLICT', 409);
  }
}

/** A dependency (the database, a peer subgraph) did not answer: nothing was decided, the client may retry. */
export class ServiceUnavailableError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
  }
}

const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** Whether an error means the database could not be reached or went away (as opposed to a query it refused). */
export function isConnectionFailure(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CONNECTION_FAILURES.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|connection error|query runner (was )?already released|shutting down/i.test(message);
}

/** Whether a write failed on a unique constraint (optionally one of these), to be told as CONFLICT or a retry, never as a 500. */
export function isUniqueViolation(error: unknown, constraints?: readonly string[]): boolean {
  const driver = ((error as { driverError?: unknown } | null)?.driverError ?? error) as { code?: unknown; constraint?: unknown } | null;
  return driver?.code === '23505' && (!constraints || constraints.includes(String(driver.constraint ?? '')));
}
