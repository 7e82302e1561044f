import type { DataSource, EntityManager } from 'typeorm';
import type { MemberGroup, MemberStatus } from './groups';

/**
 * The statements on a subgraph's `members` table (its search_path names the schema). Every one is scoped to one
 * organization in its WHERE: a subject of another organization is a row that does not exist.
 */

type Db = DataSource | EntityManager;

export interface MemberRow {
  id: string;
  organizationId: string;
  subject: string;
  name: string;
  email: string;
  groups: MemberGroup[];
  status: MemberStatus;
  createdAt: Date;
}

const COLUMNS = `id, organization_id AS "organizationId", subject, name, email, groups, status, created_at AS "createdAt"`;

export async function memberBySubject(db: Db, organizationId: string, subject: string): Promise<MemberRow | null> {
  const rows: MemberRow[] = await db.query(`SELECT ${COLUMNS} FROM members WHERE organization_id = $1 AND subject = $2`, [organizationId, subject]);
  return rows[0] ?? null;
}

export async function memberByEmail(db: Db, organizationId: string, email: string): Promise<MemberRow | null> {
  const rows: MemberRow[] = await db.query(`SELECT ${COLUMNS} FROM members WHERE organization_id = $1 AND lower(email) = lower($2)`, [
    organizationId,
    email,
  ]);
  return rows[0] ?? null;
}

/** One page by (name, id) after the cursor's (name, id), one more than `size` to tell whether another page follows. */
export function memberPage(db: Db, organizationId: string, size: number, after: [string, string] | null): Promise<MemberRow[]> {
  const params: unknown[] = [organizationId, size + 1];
  const keyset = after ? `AND (name, id) > ($${params.push(after[0])}, $${params.push(after[1])}::uuid)` : '';
  return db.query(`SELECT ${COLUMNS} FROM members WHERE organization_id = $1 ${keyset} ORDER BY name, id LIMIT $2`, params);
}

export async function memberCount(db: Db, organizationId: string): Promise<number> {
  const [row]: { count: string }[] = await db.query(`SELECT count(*) AS count FROM members WHERE organization_id = $1`, [organizationId]);
  return Number(row.count);
}

/** Holds the organization's row until the transaction ends: member writes of one organization take turns. */
export async function lockOrganization(manager: EntityManager, organizations: string, organizationId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT 1 FROM ${organizations} WHERE id = $1 FOR UPDATE`, [organizationId]);
  return rows.length > 0;
}

/** ACTIVE ADMINs of the organization other than `subject` (read under the organization's lock). */
export async function otherActiveAdmins(manager: EntityManager, organizationId: string, subject: string): Promise<number> {
  const [row]: { count: string }[] = await manager.query(
    `SELECT count(*) AS count FROM members WHERE organization_id = $1 AND subject <> $2 AND status = 'ACTIVE' AND 'ADMIN' = ANY(groups)`,
    [organizationId, subject],
  );
  return Number(row.count);
}

export interface NewMember {
  organizationId: string;
  subject: string;
  name: string;
  email: string;
  groups: MemberGroup[];
  status: MemberStatus;
}

export async function insertMember(db: Db, member: NewMember): Promise<MemberRow> {
  const rows: MemberRow[] = await db.query(
    `INSERT INTO members (organization_id, subject, name, email, groups, status) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [member.organizationId, member.subject, member.name, member.email, member.groups, member.status],
  );
  return rows[0];
}

export async function updateMemberRow(
  manager: EntityManager,
  organizationId: string,
  subject: string,
  change: { groups: MemberGroup[]; status: MemberStatus },
): Promise<MemberRow> {
  const rows: MemberRow[] = await manager.query(
    // a statement that is a SELECT, so the driver answers its rows (for a bare UPDATE TypeORM answers [rows, count])
    `WITH changed AS (
       UPDATE members SET groups = $3, status = $4, updated_at = date_trunc('milliseconds', now())
        WHERE organization_id = $1 AND subject = $2 RETURNING *
     )
     SELECT ${COLUMNS} FROM changed`,
    [organizationId, subject, change.groups, change.status],
  );
  return rows[0];
}
