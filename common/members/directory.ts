import type { DataSource } from 'typeorm';
import { AppError, type ErrorCode } from '../errors';
import type { PageArgs } from '../pagination';
import {
  inviteMember,
  listMembers,
  updateMember,
  memberOfCaller,
  type MemberAnswer,
  type MemberPageAnswer,
  type Refusal,
} from '../procedures/members';
import type { Caller } from '../scope';
import { MEMBER_OWNERS } from './owners';
import { memberAnswer } from './serve';
import { MemberService, type InviteInput, type MemberChange } from './service';

/** The caller's organization's members, wherever its directory is: what Query.members, Viewer.member and the mutations use. */
export interface MemberDirectory {
  mine(): Promise<MemberAnswer | null>;
  list(args: PageArgs): Promise<MemberPageAnswer>;
  invite(input: { email: string; name: string; groups: string[]; subject?: string | null }): Promise<MemberAnswer>;
  update(change: { subject: string; groups?: string[] | null; status?: string | null }): Promise<MemberAnswer>;
}

const STATUS: Record<Refusal['code'], number> = { BAD_USER_INPUT: 400, CONFLICT: 409, FORBIDDEN: 403, NOT_FOUND: 404 };

/** The owner's refusal raised here as the owner raised it (same code, message and field). */
function unwrap<T>(answer: { value: T } | { refused: Refusal }): T {
  if ('value' in answer) return answer.value;
  const { code, message, field } = answer.refused;
  throw new AppError(message, code as ErrorCode, STATUS[code], field ? { field } : {});
}

/**
 * The directory for `caller`: this subgraph's own table when it owns the caller's organizations, else the owning
 * subgraph's procedures, asked as the caller (so the owner scopes them to the caller's organization, not this one).
 */
export function memberDirectory(ds: DataSource, caller: Caller, here: (typeof MEMBER_OWNERS)[keyof typeof MEMBER_OWNERS]): MemberDirectory {
  const owner = MEMBER_OWNERS[caller.identity.role];
  if (owner.subgraph === here.subgraph) {
    const service = new MemberService(ds, caller.identity, owner);
    return {
      mine: async () => {
        const row = await service.caller();
        return row ? memberAnswer(row) : null;
      },
      list: async (args) => {
        const page = await service.list(args);
        return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: memberAnswer(node) })) };
      },
      invite: async (input: InviteInput) => memberAnswer(await service.invite(input)),
      update: async (change: MemberChange) => memberAnswer(await service.update(change)),
    };
  }
  return {
    mine: () => caller.ask(owner.subgraph, memberOfCaller, {}),
    list: async (args) => unwrap(await caller.ask(owner.subgraph, listMembers, { first: args.first, after: args.after })),
    invite: async (input) => unwrap(await caller.ask(owner.subgraph, inviteMember, input)),
    update: async (change) => unwrap(await caller.ask(owner.subgraph, updateMember, change)),
  };
}
