import { GraphQLError } from 'graphql';
import { serve, type ServedProcedure } from '../procedures/contract';
import { REFUSAL_CODES, inviteMember, listMembers, memberOfCaller, updateMember, type MemberAnswer, type Refusal } from '../procedures/members';
import type { MemberRow } from './repository';
import { MemberService, type MemberOwner } from './service';

export function memberAnswer(row: MemberRow): MemberAnswer {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** Our refusal (an AppError with one of the codes a directory answers) as an answer; anything else stays an error. */
function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof GraphQLError)) return null;
  const code = error.extensions.code as Refusal['code'];
  if (!REFUSAL_CODES.includes(code)) return null;
  const field = error.extensions.field;
  return { code, message: error.message, ...(typeof field === 'string' ? { field } : {}) };
}

async function outcome<T>(work: () => Promise<T>): Promise<{ value: T } | { refused: Refusal }> {
  try {
    return { value: await work() };
  } catch (error) {
    const refused = refusalOf(error);
    if (refused) return { refused };
    throw error;
  }
}

/** The member directory's procedures (common/procedures/members.ts) as the subgraph that owns `owner`'s organizations serves them. */
export function memberProcedures(owner: MemberOwner): ServedProcedure[] {
  const service = (ds: Parameters<ServedProcedure['answer']>[0], identity: Parameters<ServedProcedure['answer']>[1]) =>
    new MemberService(ds, identity, owner);
  return [
    serve(memberOfCaller, async (ds, identity) => {
      const row = await service(ds, identity).caller();
      return row ? memberAnswer(row) : null;
    }),
    serve(listMembers, (ds, identity, args) =>
      outcome(async () => {
        const page = await service(ds, identity).list(args);
        return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: memberAnswer(node) })) };
      }),
    ),
    serve(inviteMember, (ds, identity, input) => outcome(async () => memberAnswer(await service(ds, identity).invite(input)))),
    serve(updateMember, (ds, identity, change) => outcome(async () => memberAnswer(await service(ds, identity).update(change)))),
  ];
}
