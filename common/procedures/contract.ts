import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import type { Identity } from '../identity';

/**
 * The contract of one internal procedure (POST /internal/<name>, JSON in and out): one schema for what the caller
 * sends and one for what the peer answers, shared by both sides. The peer refuses a request its schema does not read
 * with 400 (a bug in the caller, never a question about data); the caller refuses an answer its schema does not read
 * with an internal error (a bug in the peer), instead of guessing what was meant.
 */
export interface Procedure<Request extends z.ZodType = z.ZodType, Answer extends z.ZodType = z.ZodType> {
  name: string;
  request: Request;
  answer: Answer;
}

export function procedure<Request extends z.ZodType, Answer extends z.ZodType>(
  name: string,
  request: Request,
  answer: Answer,
): Procedure<Request, Answer> {
  return { name, request, answer };
}

/** What the caller passes (before the request schema's normalization). */
export type RequestOf<P extends Procedure> = z.input<P['request']>;
/** What the caller receives (after the answer schema's normalization). */
export type AnswerOf<P extends Procedure> = z.output<P['answer']>;

/** A procedure as a subgraph serves it: the contract, and the handler that answers a request the contract has read. */
export interface ServedProcedure {
  contract: Procedure;
  answer: (dataSource: DataSource, identity: Identity, request: unknown) => Promise<unknown>;
}

/** Serves `contract` with `handler`, which receives the request as the schema normalized it and must answer in the contract's shape. */
export function serve<P extends Procedure>(
  contract: P,
  handler: (dataSource: DataSource, identity: Identity, request: z.output<P['request']>) => Promise<z.input<P['answer']>>,
): ServedProcedure {
  return { contract, answer: (dataSource, identity, request) => handler(dataSource, identity, request as z.output<P['request']>) };
}

/** Where each issue is and what is wrong, without the values (a request or answer may carry another caller's ids). */
export function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(the body)'}: ${issue.message}`).join('; ');
}

/** A request the procedure cannot read: answered 400 with this message. */
export function requestProblem(contract: Procedure, body: unknown): { request: unknown } | { problem: string } {
  const parsed = contract.request.safeParse(body);
  return parsed.success
    ? { request: parsed.data }
    : { problem: `${contract.name}: the request is not what this procedure reads: ${issuesOf(parsed.error)}.` };
}

/**
 * A peer's answer (or this subgraph's own request) broke a procedure's contract: a bug between two subgraphs, not
 * something the client did or can retry. The client sees only which procedure failed; `details` (issue paths and
 * messages, never values) are for the server's log.
 */
export class ContractError extends GraphQLError {
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}
