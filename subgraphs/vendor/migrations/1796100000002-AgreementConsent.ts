import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

type Queryable = Pick<QueryRunner | EntityManager, 'query'>;

const backfillEvent = (action: string, role: 'VENDOR' | 'DISTRIBUTOR', before: string | null, after: string, where: string, offsetMs: number) => `
  INSERT INTO change_events (entity_type, entity_id, action, actor_subject, actor_role, actor_organization_id, changes, at)
  SELECT 'DistributionAgreement', a.id, '${action}', 'system:migration', '${role}', ${role === 'VENDOR' ? 'a.vendor_id' : 'a.distributor_id'},
         jsonb_build_array(jsonb_build_object('field', 'status', 'before', ${before === null ? 'NULL::text' : `'${before}'`}, 'after', '${after}')),
         a.started_on::timestamptz + interval '${offsetMs} milliseconds'
    FROM distribution_agreements a
   WHERE (${where})
     AND NOT EXISTS (SELECT 1 FROM change_events e WHERE e.entity_type = 'DistributionAgreement' AND e.entity_id = a.id AND e.actor_subject <> 'system:migration')
     AND NOT EXISTS (SELECT 1 FROM change_events e WHERE e.entity_type = 'DistributionAgreement' AND e.entity_id = a.id AND e.action = '${action}')`;

/** Agreements made before consent: the vendor's offer and the distributor's acceptance, by `system:migration`. Idempotent; the seed runs it. */
export async function backfillAgreementConsent(db: Queryable): Promise<void> {
  await db.query(backfillEvent('OFFERED', 'VENDOR', null, 'OFFERED', `a.status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED')`, 0));
  await db.query(backfillEvent('ACCEPTED', 'DISTRIBUTOR', 'OFFERED', 'ACTIVE', `a.status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED')`, 1));
  await db.query(backfillEvent('ENDED', 'VENDOR', 'ACTIVE', 'TERMINATED', `a.status = 'TERMINATED'`, 2));
}

/**
 * Consent on distribution agreements (DESIGN §7): a status (OFFERED by the vendor, accepted or declined by the
 * distributor; suspended, ended), a version, and the lines (product categories, products; none = every line). `active`
 * stays what every scope reads; each act sets it to status = ACTIVE in the same statement.
 */
export class AgreementConsent1796100000002 implements MigrationInterface {
  name = 'AgreementConsent1796100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE distribution_agreements
      ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE',
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD COLUMN product_categories text[] NOT NULL DEFAULT '{}',
      ADD COLUMN product_ids uuid[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`UPDATE distribution_agreements SET status = CASE WHEN active THEN 'ACTIVE' ELSE 'TERMINATED' END`);
    await queryRunner.query(`ALTER TABLE distribution_agreements
      ADD CONSTRAINT distribution_agreements_status_check CHECK (status IN ('OFFERED', 'ACTIVE', 'SUSPENDED', 'DECLINED', 'TERMINATED')),
      ADD CONSTRAINT distribution_agreements_version_positive CHECK (version > 0)`);
    await backfillAgreementConsent(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM change_events WHERE entity_type = 'DistributionAgreement'`);
    await queryRunner.query(`ALTER TABLE distribution_agreements
      DROP COLUMN status, DROP COLUMN version, DROP COLUMN product_categories, DROP COLUMN product_ids`);
  }
}
