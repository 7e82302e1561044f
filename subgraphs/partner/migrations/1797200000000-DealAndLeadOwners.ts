import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People own deals and leads (DESIGN §6): `owner_subject` on deals and leads is a member of the deal's (the lead's)
 * partner, or NULL (nobody yet: a registration by a distributor, a lead just assigned to the partner, until the
 * partner's ADMIN names one). The foreign key to members (organization_id, subject) keeps it a person of that very
 * partner, whatever path writes it; a member is never deleted (it is DISABLED), so the key never dangles.
 *
 * A change of owner is in the deal's history: deal_events gets the kind OWNER_CHANGED (status unchanged, no amount)
 * with the owner before and after. Those events are the partner's own business (its people): the row scope keeps
 * them from vendors and distributors (scope.ts).
 *
 * Backfill: each deal is owned by the subject that registered it (its SUBMITTED event by the partner itself) when that
 * subject is a member of the partner; else NULL (a distributor's registration, or a subject not in the directory).
 * Leads start without an owner.
 *
 * The indexes serve a SALES member's lists: its partner's rows of one owner, newest first.
 */
export class DealAndLeadOwners1797200000000 implements MigrationInterface {
  name = 'DealAndLeadOwners1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE deals ADD COLUMN owner_subject text,
        ADD CONSTRAINT deals_owner_member FOREIGN KEY (partner_id, owner_subject) REFERENCES members (organization_id, subject)`);
    await queryRunner.query(`
      ALTER TABLE leads ADD COLUMN owner_subject text,
        ADD CONSTRAINT leads_owner_member FOREIGN KEY (partner_id, owner_subject) REFERENCES members (organization_id, subject)`);
    await queryRunner.query(`
      UPDATE deals d SET owner_subject = e.actor_subject
        FROM deal_events e, members m
       WHERE e.deal_id = d.id AND e.from_status IS NULL AND e.actor_role = 'PARTNER' AND e.actor_organization_id = d.partner_id
         AND d.registered_by_distributor_id IS NULL
         AND m.organization_id = d.partner_id AND m.subject = e.actor_subject`);
    await queryRunner.query(
      `CREATE INDEX deals_partner_owner_created_idx ON deals (partner_id, owner_subject, created_at DESC, id DESC) WHERE owner_subject IS NOT NULL`,
    );
    // an owner's subject names its partner: without this the planner multiplies the two selectivities, expects a
    // handful of a rep's deals and sorts them all instead of reading the newest from the index (measured at seed:large)
    await queryRunner.query(`CREATE STATISTICS deals_partner_owner_stats (dependencies) ON partner_id, owner_subject FROM deals`);
    await queryRunner.query(`ANALYZE deals`);
    await queryRunner.query(
      `CREATE INDEX leads_partner_owner_idx ON leads (partner_id, owner_subject, created_at DESC, id DESC) WHERE owner_subject IS NOT NULL`,
    );
    await queryRunner.query(`
      ALTER TABLE deal_events
        ADD COLUMN owner_subject text,
        ADD COLUMN previous_owner_subject text,
        DROP CONSTRAINT deal_events_kind_check,
        ADD CONSTRAINT deal_events_kind_check CHECK (kind IN ('STATUS_CHANGE', 'REVENUE_VERIFIED', 'OWNER_CHANGED')),
        DROP CONSTRAINT deal_events_verification_shape,
        ADD CONSTRAINT deal_events_verification_shape CHECK (
          kind <> 'REVENUE_VERIFIED' OR (from_status = 'WON' AND to_status = 'WON' AND amount_minor IS NOT NULL)),
        ADD CONSTRAINT deal_events_owner_change_shape CHECK (
          (kind = 'OWNER_CHANGED') = (owner_subject IS NOT NULL)
          AND (kind = 'OWNER_CHANGED' OR previous_owner_subject IS NULL)
          AND (kind <> 'OWNER_CHANGED' OR (from_status = to_status AND amount_minor IS NULL)))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM deal_events WHERE kind = 'OWNER_CHANGED'`);
    await queryRunner.query(`
      ALTER TABLE deal_events
        DROP CONSTRAINT deal_events_owner_change_shape,
        DROP CONSTRAINT deal_events_verification_shape,
        ADD CONSTRAINT deal_events_verification_shape CHECK (
          kind = 'STATUS_CHANGE' OR (from_status = 'WON' AND to_status = 'WON' AND amount_minor IS NOT NULL)),
        DROP CONSTRAINT deal_events_kind_check,
        ADD CONSTRAINT deal_events_kind_check CHECK (kind IN ('STATUS_CHANGE', 'REVENUE_VERIFIED')),
        DROP COLUMN previous_owner_subject,
        DROP COLUMN owner_subject`);
    await queryRunner.query(`DROP INDEX leads_partner_owner_idx`);
    await queryRunner.query(`DROP STATISTICS deals_partner_owner_stats`);
    await queryRunner.query(`DROP INDEX deals_partner_owner_created_idx`);
    await queryRunner.query(`ALTER TABLE leads DROP COLUMN owner_subject`);
    await queryRunner.query(`ALTER TABLE deals DROP COLUMN owner_subject`);
  }
}
