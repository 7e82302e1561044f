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
