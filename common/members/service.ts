import type { DataSource, EntityManager } from 'typeorm';
import { recordChange, type Snapshot } from '../audit';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, isUniqueViolation } from '../errors';
import { organizationOf, type Identity, type Role } from '../identity';
import { decodeCursor, encodeCursor, pageSize, type PageArgs } from '../pagination';
import { requireAction } from '../permissions';
import { ADMIN, type MemberGroup, type MemberStatus } from './groups';
import {
  insertMember,
  lockOrganization,
  memberByEmail,
  memberBySubject,
  memberCount,
  memberPage,
  otherActiveAdmins,
  updateMemberRow,
  type MemberRow,
} from './repository';
import { defaultSubject, memberEmail, memberGroups, memberName, memberStatus, memberSubject, statusChange } from './validation';

/** The subgraph that owns the members of one role: that role, and the table of its organizations (vendors, …). */
export interface MemberOwner {
  role: Role;
  organizations: string;
}

export interface InviteInput {
  email: unknown;
  name: unknown;
  groups: unknown;
  subject?: unknown;
}

export interface MemberChange {
  subject: unknown;
  groups?: unknown;
  status?: unknown;
}

export interface MemberPage {
  edges: { cursor: string; node: MemberRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const isAdmin = (member: MemberRow | null): boolean => member?.status === 'ACTIVE' && member.groups.includes(ADMIN);
const EMAIL_CONSTRAINT = 'members_email_key';
const SUBJECT_CONSTRAINT = 'members_subject_key';

/**
 * The directory of one organization's members, run by the subgraph that owns them, for a caller of that organization
 * only: every read and write is scoped to the caller's own organization, so another organization's member reads exactly
 * like one that does not exist. Writes are its ADMINs' (checked on the directory itself, in the transaction, not on the
 * token's groups: those may be seconds old), one organization's at a time (its row is locked), so "at least one
 * ACTIVE ADMIN" holds against concurrent changes.
 */
export class MemberService {
  private readonly organizationId: string | null;

  constructor(
    private readonly ds: DataSource,
    private readonly identity: Identity,
    private readonly owner: MemberOwner,
  ) {
    this.organizationId = identity.role === owner.role ? organizationOf(identity) : null;
  }

  /** The caller's own directory entry (status and groups), as the gateway asks before it admits a token. */
  async caller(): Promise<MemberRow | null> {
    return this.organizationId ? memberBySubject(this.ds, this.organizationId, this.identity.subject) : null;
  }

  async bySubject(subject: string): Promise<MemberRow | null> {
    return this.organizationId ? memberBySubject(this.ds, this.organizationId, subject) : null;
  }

  /** The organization's members by name; any member of it may read them (DESIGN.md §6: own organization's people). */
  async list(args: PageArgs): Promise<MemberPage> {
    const size = pageSize(args.first);
    const after = args.after ? (decodeCursor(args.after, 'text') as [string, string]) : null;
    if (!this.organizationId) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    const rows = await memberPage(this.ds, this.organizationId, size, after);
    const edges = rows.slice(0, size).map((node) => ({ cursor: encodeCursor([node.name, node.id]), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: await memberCount(this.ds, this.organizationId),
    };
  }

  async invite(input: InviteInput): Promise<MemberRow> {
    requireAction(this.identity, 'inviteMember');
    const email = memberEmail('input.email', input.email);
    const name = memberName('input.name', input.name);
    const groups = memberGroups('input.groups', this.identity.role, input.groups);
    const subject = input.subject === undefined || input.subject === null ? defaultSubject(email) : memberSubject('input.subject', input.subject);
    return this.asAdmin('invite members', async (manager, organizationId) => {
      const sameSubject = await memberBySubject(manager, organizationId, subject);
      if (sameSubject) throw alreadyMember(sameSubject);
      const sameEmail = await memberByEmail(manager, organizationId, email);
      if (sameEmail) throw alreadyMember(sameEmail);
      try {
        const member = await insertMember(manager, { organizationId, subject, name, email, groups, status: 'INVITED' });
        await recordChange(manager, this.identity, {
          entityType: 'Member',
          entityId: member.id,
          action: 'INVITED',
          before: null,
          after: snapshot(member),
        });
        return member;
      } catch (error) {
        // the lock serializes this organization's writes; this is a path around it (a seed, an operator's SQL)
        if (isUniqueViolation(error, [EMAIL_CONSTRAINT, SUBJECT_CONSTRAINT]))
          throw new ConflictError(`${email} or ${subject} is already a member of your organization.`);
        throw error;
      }
    });
  }

  async update(change: MemberChange): Promise<MemberRow> {
    requireAction(this.identity, 'updateMember');
    const subject = memberSubject('subject', change.subject);
    const groups = change.groups === undefined || change.groups === null ? null : memberGroups('groups', this.identity.role, change.groups);
    const status = change.status === undefined || change.status === null ? null : memberStatus('status', change.status);
    if (!groups && !status) throw new BadUserInputError('updateMember', 'give groups, status or both: there is nothing to change.');
    return this.asAdmin('change members', async (manager, organizationId) => {
      const member = await memberBySubject(manager, organizationId, subject);
      if (!member) throw new NotFoundError('Member', subject);
      const next: { groups: MemberGroup[]; status: MemberStatus } = {
        groups: groups ?? member.groups,
        status: status ? statusChange('status', member.status, status) : member.status,
      };
      const staysAdmin = next.status === 'ACTIVE' && next.groups.includes(ADMIN);
      if (isAdmin(member) && !staysAdmin && (await otherActiveAdmins(manager, organizationId, subject)) === 0) {
        const self = subject === this.identity.subject ? 'you are' : `${subject} is`;
        throw new ConflictError(
          `An organization keeps at least one ACTIVE ADMIN, and ${self} its last: make another member ADMIN first, then change this one.`,
        );
      }
      const updated = await updateMemberRow(manager, organizationId, subject, next);
      await recordChange(manager, this.identity, {
        entityType: 'Member',
        entityId: member.id,
        action: 'UPDATED',
        before: snapshot(member),
        after: snapshot(updated),
      });
      return updated;
    });
  }

  /** Runs `work` in a transaction holding the organization's lock, once the caller is found to be an ACTIVE ADMIN of it. */
  private asAdmin<T>(does: string, work: (manager: EntityManager, organizationId: string) => Promise<T>): Promise<T> {
    const organizationId = this.organizationId;
    if (!organizationId) return Promise.reject(onlyAdmins(does));
    return this.ds.transaction(async (manager) => {
      if (!(await lockOrganization(manager, this.owner.organizations, organizationId))) throw onlyAdmins(does);
      if (!isAdmin(await memberBySubject(manager, organizationId, this.identity.subject))) throw onlyAdmins(does);
      return work(manager, organizationId);
    });
  }
}

/** A member as the change trail shows it (common/audit). */
function snapshot(member: MemberRow): Snapshot {
  return { subject: member.subject, name: member.name, email: member.email, groups: member.groups.join(','), status: member.status };
}

function onlyAdmins(does: string): ForbiddenError {
  return new ForbiddenError(`Only an ADMIN of your organization may ${does}.`);
}

function alreadyMember(member: MemberRow): ConflictError {
  return new ConflictError(
    `${member.email} (${member.subject}) is already a member of your organization, ${member.status}: change it with updateMember instead of inviting it again.`,
  );
}
