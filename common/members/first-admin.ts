import type { DataSource, EntityManager } from 'typeorm';
import { recordChange } from '../audit';
import { ConflictError } from '../errors';
import { ADMIN } from './groups';
import { insertMember, lockOrganization, memberCount, type MemberRow } from './repository';
import type { MemberOwner } from './service';
import { memberEmail, memberName, memberSubject } from './validation';

export interface FirstAdmin {
  email: unknown;
  name: unknown;
  /** The identity provider's subject of this person; the operators' CLI defaults it to user:<org slug>. */
  subject: unknown;
}

/**
 * An organization's first member, ACTIVE and ADMIN, written by an operator (npm run org -- create) rather than by a
 * member: every other member is invited by an ADMIN (MemberService). Refused (CONFLICT) once the organization has any
 * member, so it cannot be used to add a second ADMIN past the directory's rules. In the operator's transaction when
 * given one (the organization and its ADMIN are then created together), else in one of its own.
 */
export async function createFirstAdmin(
  db: DataSource | EntityManager,
  owner: MemberOwner,
  organizationId: string,
  input: FirstAdmin,
  operatorSubject: string,
): Promise<MemberRow> {
  const email = memberEmail('adminEmail', input.email);
  const name = memberName('adminName', input.name);
  const subject = memberSubject('adminSubject', input.subject);
  const work = async (manager: EntityManager) => {
    if (!(await lockOrganization(manager, owner.organizations, organizationId)))
      throw new ConflictError(`No ${owner.role.toLowerCase()} organization ${organizationId} to give a first ADMIN.`);
    if ((await memberCount(manager, organizationId)) > 0)
      throw new ConflictError('The organization already has members: its ADMINs invite the others (inviteMember).');
    const member = await insertMember(manager, { organizationId, subject, name, email, groups: [ADMIN], status: 'ACTIVE' });
    await recordChange(
      manager,
      { subject: operatorSubject, role: owner.role, organizationId },
      {
        entityType: 'Member',
        entityId: member.id,
        action: 'CREATED',
        before: null,
        after: { subject, name, email, groups: ADMIN, status: 'ACTIVE' },
      },
    );
    return member;
  };
  // inside the operator's transaction TypeORM nests it (a savepoint): both commit together
  return db.transaction(work);
}
