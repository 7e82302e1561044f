import type { QueryRunner } from 'typeorm';
import type { Role } from '../identity';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * The groups and statuses as this migration creates them, written out rather than read from groups.ts: an applied
 * migration must not change when the table does. A group added later is a new migration (test/members-groups.test.ts
 * compares these with GROUPS_BY_ROLE).
 */
export const CREATED_WITH = {
  groups: {
    VENDOR: ['ADMIN', 'PARTNER_MANAGER', 'FINANCE', 'ANALYST'],
    PARTNER: ['ADMIN', 'SALES', 'MARKETING'],
    DISTRIBUTOR: ['ADMIN', 'DEAL_DESK', 'CREDIT'],
  } satisfies Record<Role, string[]>,
  statuses: ['INVITED', 'ACTIVE', 'DISABLED'],
};

/**
 * The `members` table of the subgraph that owns the organizations of `role` (in `organizations`), as each subgraph's
 * migration creates it. The database refuses what validation refuses too (a group of another role, no group, an
 * unknown status, a second member with the same subject or e-mail in one organization), so no path around the service
 * can write it. E-mails are unique case-insensitively: Pat@x and pat@x are one mailbox.
 */
export async function createMembersTable(queryRunner: QueryRunner, role: Role, organizations: string): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE members (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES ${organizations} (id),
      subject text NOT NULL,
      name text NOT NULL,
      email text NOT NULL,
      groups text[] NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      CONSTRAINT members_subject_key UNIQUE (organization_id, subject),
      CONSTRAINT members_status_check CHECK (status IN (${list(CREATED_WITH.statuses)})),
      CONSTRAINT members_groups_check CHECK (cardinality(groups) >= 1 AND groups <@ ARRAY[${list(CREATED_WITH.groups[role])}]::text[])
    )`);
  await queryRunner.query(`CREATE UNIQUE INDEX members_email_key ON members (organization_id, lower(email))`);
  // the list's order (Query.members): by name within the organization
  await queryRunner.query(`CREATE INDEX members_organization_name_idx ON members (organization_id, name, id)`);
}

export async function dropMembersTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE members`);
}
