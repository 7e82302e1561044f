import type { DataSource, EntityManager } from 'typeorm';
import type { MemberRow } from '../../../common/members/repository';
import { queryNamed } from '../../../common/repository';

const MEMBER_COLUMNS = `id, organization_id AS "organizationId", subject, name, email, groups, status, created_at AS "createdAt"`;

/**
 * The partner's member with this subject, held (FOR SHARE) until the transaction ends: a concurrent updateMember
 * (disabling it, taking its groups) waits, so a deal or lead is never given to a member that stopped qualifying
 * meanwhile. Null for a subject that is no member of this partner.
 */
export async function lockMemberOf(db: EntityManager, partnerId: string, subject: string): Promise<MemberRow | null> {
  const rows = await queryNamed<MemberRow>(
    db,
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE organization_id = :partnerId AND subject = :subject FOR SHARE`,
    { partnerId, subject },
  );
  return rows[0] ?? null;
}

/** Members of one organization by subject, in key order (null where none): Deal.owner, Lead.owner for the partner itself. */
export async function findMembersBySubjects(db: DataSource, organizationId: string, subjects: readonly string[]): Promise<(MemberRow | null)[]> {
  const rows = subjects.length
    ? await queryNamed<MemberRow>(db, `SELECT ${MEMBER_COLUMNS} FROM members WHERE organization_id = :organizationId AND subject = ANY(:subjects)`, {
        organizationId,
        subjects: [...new Set(subjects)],
      })
    : [];
  const bySubject = new Map(rows.map((row) => [row.subject, row]));
  return subjects.map((subject) => bySubject.get(subject) ?? null);
}
