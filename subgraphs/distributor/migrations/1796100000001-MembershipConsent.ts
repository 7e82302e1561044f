import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

type Queryable = Pick<QueryRunner | EntityManager, 'query'>;

/** One audit event per membership matching `where`, acted by `role` (its organization column), `offsetMs` after it was joined. */
const backfillEvent = (action: string, role: 'DISTRIBUTOR' | 'PARTNER', before: string | null, after: string, where: string, offsetMs: number) => `
  INSERT INTO change_events (entity_type, entity_id, action, actor_subject, actor_role, actor_organization_id, changes, at)
  SELECT 'NetworkMembership', m.id, '${action}', 'system:migration', '${role}', ${role === 'DISTRIBUTOR' ? 'm.distributor_id' : 'm.partner_id'},
         jsonb_build_array(jsonb_build_object('field', 'status', 'before', ${before === null ? 'NULL::text' : `'${before}'`}, 'after', '${after}')),
         m.joined_at + interval '${offsetMs} milliseconds'
    FROM network_memberships m
   WHERE (${where})
     AND NOT EXISTS (SELECT 1 FROM change_events e WHERE e.entity_type = 'NetworkMembership' AND e.entity_id = m.id AND e.actor_subject <> 'system:migration')
     AND NOT EXISTS (SELECT 1 FROM change_events e WHERE e.entity_type = 'NetworkMembership' AND e.entity_id = m.id AND e.action = '${action}')`;

/**
 * Memberships made before consent existed were ACTIVE at once: they stay so, and their trail says what consent they
 * stand for (the distributor's invitation, the partner's acceptance, by `system:migration`). Idempotent; the demo seed
 * runs it too, after inserting its rows.
 */
export async function backfillMembershipConsent(db: Queryable): Promise<void> {
  await db.query(backfillEvent('INVITED', 'DISTRIBUTOR', null, 'INVITED', `m.status IN ('ACTIVE', 'SUSPENDED')`, 0));
  await db.query(backfillEvent('ACCEPTED', 'PARTNER', 'INVITED', 'ACTIVE', `m.status IN ('ACTIVE', 'SUSPENDED')`, 1));
  await db.query(backfillEvent('SUSPENDED', 'DISTRIBUTOR', 'ACTIVE', 'SUSPENDED', `m.status = 'SUSPENDED'`, 2));
}

/** Consent on network memberships (DESIGN §7): INVITED, DECLINED and TERMINATED join the statuses, a version, the trail of existing rows. */
export class MembershipConsent1796100000001 implements MigrationInterface {
  name = 'MembershipConsent1796100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE network_memberships DROP CONSTRAINT network_memberships_status_known`);
    await queryRunner.query(
      `ALTER TABLE network_memberships ADD CONSTRAINT network_memberships_status_known CHECK (status IN ('INVITED', 'ACTIVE', 'SUSPENDED', 'DECLINED', 'TERMINATED'))`,
    );
    await queryRunner.query(`ALTER TABLE network_memberships ALTER COLUMN status SET DEFAULT 'INVITED'`);
    await queryRunner.query(
      `ALTER TABLE network_memberships ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT network_memberships_version_positive CHECK (version > 0)`,
    );
    await backfillMembershipConsent(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM change_events WHERE entity_type = 'NetworkMembership'`);
    await queryRunner.query(`ALTER TABLE network_memberships DROP COLUMN version`);
    // the older code knows ACTIVE and SUSPENDED only: what is not (yet, or any more) consented reads as suspended
    await queryRunner.query(`UPDATE network_memberships SET status = 'SUSPENDED' WHERE status NOT IN ('ACTIVE', 'SUSPENDED')`);
    await queryRunner.query(`ALTER TABLE network_memberships ALTER COLUMN status SET DEFAULT 'ACTIVE'`);
    await queryRunner.query(`ALTER TABLE network_memberships DROP CONSTRAINT network_memberships_status_known`);
    await queryRunner.query(
      `ALTER TABLE network_memberships ADD CONSTRAINT network_memberships_status_known CHECK (status IN ('ACTIVE', 'SUSPENDED'))`,
    );
  }
}
