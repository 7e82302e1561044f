import { z } from 'zod';
import { MEMBER_STATUSES } from '../members/groups';
import { procedure } from './contract';
import { answerId } from './fields';

/**
 * The member directory's procedures, served alike by each subgraph for the organizations it owns (vendor, partner,
 * distributor) and answered for the signed caller's own organization only. memberOfCaller is what the gateway asks
 * before it admits a token; the others are how the vendor subgraph, which serves Query.members, Viewer.member,
 * inviteMember and updateMember for every role (as it serves Viewer.slug), reaches the partner's and distributor's
 * directories. A refusal (BAD_USER_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND) is an answer, with its code and message, not
 * an HTTP error: the asking subgraph raises it again as the owner said it.
 */

const member = z.object({
  id: answerId,
  subject: z.string(),
  name: z.string(),
  email: z.string(),
  groups: z.array(z.string()),
  status: z.enum(MEMBER_STATUSES),
  createdAt: z.string(),
});
export type MemberAnswer = z.output<typeof member>;

export const REFUSAL_CODES = ['BAD_USER_INPUT', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND'] as const;
const refused = z.object({ refused: z.object({ code: z.enum(REFUSAL_CODES), message: z.string(), field: z.string().optional() }) });
export type Refusal = z.output<typeof refused>['refused'];

const outcome = <T extends z.ZodType>(value: T) => z.union([refused, z.object({ value })]);

/** The caller's own entry, or null when its subject is not in its organization's directory. */
export const memberOfCaller = procedure('memberOfCaller', z.object({}), member.nullable());

const page = z.object({
  edges: z.array(z.object({ cursor: z.string(), node: member })),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  totalCount: z.number().int().nonnegative(),
});
export type MemberPageAnswer = z.output<typeof page>;

export const listMembers = procedure('listMembers', z.object({ first: z.number().nullish(), after: z.string().nullish() }), outcome(page));

export const inviteMember = procedure(
  'inviteMember',
  z.object({ email: z.string(), name: z.string(), groups: z.array(z.string()), subject: z.string().nullish() }),
  outcome(member),
);

export const updateMember = procedure(
  'updateMember',
  z.object({ subject: z.string(), groups: z.array(z.string()).nullish(), status: z.string().nullish() }),
  outcome(member),
);
