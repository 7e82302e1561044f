import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

type Queryable = Pick<QueryRunner | EntityManager, 'query'>;

/** One audit event per row of `partnerships` matching `where`, acted by `role` (its organization column), `offsetMs` after enrolment. */
const backfillEvent = (action: string, role: 'VENDOR' | 'PARTNER', before: string | null, after: string, where: string, offsetMs: number) => `
  INSERT INTO change_events (entity_type, entity_id, action, actor_subject, actor_role, actor_organization_id, changes, at)
  SELECT 'Partnership', p.id, '${action}', 'system:migration', '${role}', ${role === 'VENDOR' ? 'p.vendor_id' : 'p.partner_id'},
         jsonb_build_array(jsonb_build_object('field', 'status', 'before', ${before === null ? 'NULL::text' : `'${before}'`}, 'after', '${after}')),
         date_trunc('milliseconds', p.enrolled_at) + interval '${offsetMs} milliseconds'
    FROM partnerships p
   WHERE (${where})
     AND NOT EXISTS (SELECT 1 FROM change_events e WHERE e.entity_type = 'Partnership' AND e.entity_id = p.id AND e.actor_subject <> 'system:migration')
     AND NOT EXISTS (SELECT 1 FROM change_events e WHERE e.entity_type = 'Partnership' AND e.entity_id = p.id AND e.action = '${action}')`;

/**
 * Partnerships made before consent existed were ACTIVE at once: they stay as they are, and their trail says what
 * consent they stand for (the vendor's invitation and the partner's acceptance, by `system:migration`), so that no
 * relationship is ACTIVE without both sides' acts in its history. PENDING rows read as the partner's application.
 * Idempotent (a row with a trail of its own is left alone); the demo seed runs it too, after inserting its rows.
 */
export async function backfillPartnershipConsent(db: Queryable): Promise<void> {
  const consented = `p.status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED')`;
  await db.query(backfillEvent('INVITED', 'VENDOR', null, 'INVITED', consented, 0));
  await db.query(backfillEvent('ACCEPTED', 'PARTNER', 'INVITED', 'ACTIVE', consented, 1));
  await db.query(backfillEvent('SUSPENDED', 'VENDOR', 'ACTIVE', 'SUSPENDED', `p.status = 'SUSPENDED'`, 2));
  await db.query(backfillEvent('ENDED', 'VENDOR', 'ACTIVE', 'TERMINATED', `p.status = 'TERMINATED'`, 2));
  await db.query(backfillEvent('APPLIED', 'PARTNER', null, 'PENDING', `p.status = 'PENDING'`, 0));
}

/**
 * Consent on partnerships (DESIGN §7): INVITED (by the vendor) and DECLINED join the statuses, a version for the acts'
 * expectedVersion, and the trail of the existing rows (backfillPartnershipConsent).
 */
export class PartnershipConsent1796100000000 implements MigrationInterface {
  name = 'PartnershipConsent1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE partnerships DROP CONSTRAINT partnerships_status_check`);
    await queryRunner.query(
      `ALTER TABLE partnerships ADD CONSTRAINT partnerships_status_check CHECK (status IN ('INVITED', 'PENDING', 'ACTIVE', 'SUSPENDED', 'DECLINED', 'TERMINATED'))`,
    );
    await queryRunner.query(
      `ALTER TABLE partnerships ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT partnerships_version_positive CHECK (version > 0)`,
    );
    await backfillPartnershipConsent(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM change_events WHERE entity_type = 'Partnership'`);
    await queryRunner.query(`ALTER TABLE partnerships DROP COLUMN version`);
    // the statuses the older code knows: an open invitation reads as pending, a declined one as terminated
    await queryRunner.query(`UPDATE partnerships SET status = 'PENDING' WHERE status = 'INVITED'`);
    await queryRunner.query(`UPDATE partnerships SET status = 'TERMINATED' WHERE status = 'DECLINED'`);
    await queryRunner.query(`ALTER TABLE partnerships DROP CONSTRAINT partnerships_status_check`);
    await queryRunner.query(
      `ALTER TABLE partnerships ADD CONSTRAINT partnerships_status_check CHECK (status IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED'))`,
    );
  }
}
