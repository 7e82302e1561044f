import type { DataSource, EntityManager } from 'typeorm';
import type { MemberRow } from '../../../common/members/repository';

/** Statements of Partnership.manager: the vendor's own members only (organization_id = the vendor in every WHERE). */

const COLUMNS = `id, organization_id AS "organizationId", subject, name, email, groups, status, created_at AS "createdAt"`;

/** The vendor's members with these subjects, in key order (null: no such member of this vendor). */
export async function vendorMembersBySubjects(ds: DataSource, vendorId: string, subjects: readonly string[]): Promise<(MemberRow | null)[]> {
  const rows: MemberRow[] = await ds.query(`SELECT ${COLUMNS} FROM members WHERE organization_id = $1 AND subject = ANY($2)`, [
    vendorId,
    [...new Set(subjects)],
  ]);
  const bySubject = new Map(rows.map((row) => [row.subject, row]));
  return subjects.map((subject) => bySubject.get(subject) ?? null);
}

/**
 * The vendor's member with this subject, its row share-locked until the transaction ends: a concurrent updateMember
 * (disabling it, taking its group) waits, so the member is still what was checked when the assignment commits.
 */
export async function lockVendorMember(manager: EntityManager, vendorId: string, subject: string): Promise<MemberRow | null> {
  const rows: MemberRow[] = await manager.query(`SELECT ${COLUMNS} FROM members WHERE organization_id = $1 AND subject = $2 FOR SHARE`, [
    vendorId,
    subject,
  ]);
  return rows[0] ?? null;
}

/** Sets (or clears) the manager of a locked partnership. Not a version bump: see services/partner-managers.ts. */
export async function setPartnershipManager(manager: EntityManager, partnershipId: string, subject: string | null): Promise<void> {
  await manager.query(`UPDATE partnerships SET manager_subject = $2 WHERE id = $1`, [partnershipId, subject]);
}
