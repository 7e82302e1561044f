import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verified revenue (DESIGN §7): a WON deal's final_amount_minor is the partner's claim (Deal.reportedAmount); what
 * ranks and qualifies is the revenue the vendor, or the distributor the deal is routed to, confirmed:
 * verified_amount_minor, when, and who (the same actor triple as deal_events).
 *
 * A verification is an event in the deal's history: deal_events gets a kind (STATUS_CHANGE for a transition,
 * REVENUE_VERIFIED for a verification: WON → WON) and the amount it recorded (the claim on the WON transition, the
 * confirmed revenue on a verification). closed_at is the time of the closing *transition*, so the trigger that keeps
 * it now reads STATUS_CHANGE events only (a verification must not move the day a deal was won).
 *
 * Backfill: a WON deal closed before this migration was counted at its final amount by every figure until now, so it
 * is verified at that amount, by the system acting for the deal's vendor, with its event: leaderboards, scorecards and
 * tiers read as they did yesterday (the version bumped, one per event, as every verification does). Except a claim above ten times the registered amount (what closeDeal refuses from
 * now on): it is left unverified, for the vendor to look at, instead of being blessed by a migration.
 *
 * deals_vendor_closed_idx is rebuilt to include verified_amount_minor, so the leaderboards stay index-only scans.
 */
const recordClosing = (deals: string, events: string, statusEventsOnly: boolean) => `
  UPDATE ${deals} d SET closed_at = c.at
    FROM (SELECT DISTINCT ON (e.deal_id) e.deal_id, e.at
            FROM ${events} e JOIN ${deals} x ON x.id = e.deal_id AND x.status = e.to_status
           WHERE e.to_status IN ('WON', 'LOST')${statusEventsOnly ? ` AND e.kind = 'STATUS_CHANGE'` : ''}
           ORDER BY e.deal_id, e.at DESC) c
   WHERE d.id = c.deal_id AND d.closed_at IS DISTINCT FROM c.at`;

const closingFunction = (statusEventsOnly: boolean) => `
  CREATE OR REPLACE FUNCTION deals_record_closing() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    EXECUTE format($sql$ ${recordClosing('%1$I.deals', 'closing_events', statusEventsOnly)} $sql$, TG_TABLE_SCHEMA);
    RETURN NULL;
  END
  $$`;

const closedIndex = (columns: string) => `
  CREATE INDEX deals_vendor_closed_idx ON deals (vendor_id, closed_at)
    INCLUDE (${columns})
    WHERE status IN ('WON', 'LOST')`;

export const BACKFILL_SUBJECT = 'system:revenue-backfill';

export class VerifiedRevenue1796300000000 implements MigrationInterface {
  name = 'VerifiedRevenue1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE deals
        ADD COLUMN verified_amount_minor       bigint,
        ADD COLUMN verified_at                 timestamptz,
        ADD COLUMN verified_by_subject         text,
        ADD COLUMN verified_by_role            text,
        ADD COLUMN verified_by_organization_id uuid,
        ADD CONSTRAINT deals_verified_amount_non_negative CHECK (verified_amount_minor IS NULL OR verified_amount_minor >= 0),
        ADD CONSTRAINT deals_verification_complete CHECK (
          num_nulls(verified_amount_minor, verified_at, verified_by_subject, verified_by_role, verified_by_organization_id) IN (0, 5)),
        ADD CONSTRAINT deals_verified_only_won CHECK (verified_amount_minor IS NULL OR status = 'WON'),
        ADD CONSTRAINT deals_verified_by_role_check CHECK (verified_by_role IS NULL OR verified_by_role IN ('VENDOR', 'DISTRIBUTOR'))`);
    await queryRunner.query(`
      ALTER TABLE deal_events
        ADD COLUMN kind text NOT NULL DEFAULT 'STATUS_CHANGE',
        ADD COLUMN amount_minor bigint,
        ADD CONSTRAINT deal_events_kind_check CHECK (kind IN ('STATUS_CHANGE', 'REVENUE_VERIFIED')),
        ADD CONSTRAINT deal_events_verification_shape CHECK (
          kind = 'STATUS_CHANGE' OR (from_status = 'WON' AND to_status = 'WON' AND amount_minor IS NOT NULL)),
        ADD CONSTRAINT deal_events_amount_non_negative CHECK (amount_minor IS NULL OR amount_minor >= 0)`);
    await queryRunner.query(closingFunction(true));
    // the claim on the WON transition it was made with (the latest one, as closed_at reads it)
    await queryRunner.query(`
      UPDATE deal_events e SET amount_minor = d.final_amount_minor
        FROM deals d
       WHERE d.id = e.deal_id AND d.status = 'WON' AND e.to_status = 'WON' AND e.kind = 'STATUS_CHANGE' AND e.at = d.closed_at`);
    await queryRunner.query(`
      WITH verified AS (
        UPDATE deals SET verified_amount_minor = final_amount_minor,
                         verified_at = greatest(date_trunc('milliseconds', now()), updated_at,
                                                (SELECT max(e.at) + interval '1 millisecond' FROM deal_events e WHERE e.deal_id = deals.id)),
                         verified_by_subject = '${BACKFILL_SUBJECT}', verified_by_role = 'VENDOR', verified_by_organization_id = vendor_id,
                         version = version + 1
         WHERE status = 'WON' AND final_amount_minor IS NOT NULL AND final_amount_minor <= 10 * amount_minor
         RETURNING id, vendor_id, verified_amount_minor, verified_at
      )
      INSERT INTO deal_events (deal_id, from_status, to_status, kind, amount_minor, actor_subject, actor_role, actor_organization_id, reason, at)
      SELECT id, 'WON', 'WON', 'REVENUE_VERIFIED', verified_amount_minor, '${BACKFILL_SUBJECT}', 'VENDOR', vendor_id,
             'Closed before revenue was verified: counted at its final amount, as it was until then', verified_at
        FROM verified`);
    await queryRunner.query(`DROP INDEX deals_vendor_closed_idx`);
    await queryRunner.query(closedIndex('partner_id, status, currency, final_amount_minor, verified_amount_minor'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX deals_vendor_closed_idx`);
    await queryRunner.query(closedIndex('partner_id, status, currency, final_amount_minor'));
    // each verification bumped its deal's version once: undone with its event
    await queryRunner.query(`
      UPDATE deals SET version = version - v.n
        FROM (SELECT deal_id, count(*)::int AS n FROM deal_events WHERE kind = 'REVENUE_VERIFIED' GROUP BY deal_id) v
       WHERE deals.id = v.deal_id`);
    await queryRunner.query(`DELETE FROM deal_events WHERE kind = 'REVENUE_VERIFIED'`);
    await queryRunner.query(closingFunction(false));
    await queryRunner.query(`
      ALTER TABLE deal_events
        DROP CONSTRAINT deal_events_amount_non_negative,
        DROP CONSTRAINT deal_events_verification_shape,
        DROP CONSTRAINT deal_events_kind_check,
        DROP COLUMN amount_minor,
        DROP COLUMN kind`);
    await queryRunner.query(`
      ALTER TABLE deals
        DROP CONSTRAINT deals_verified_by_role_check,
        DROP CONSTRAINT deals_verified_only_won,
        DROP CONSTRAINT deals_verification_complete,
        DROP CONSTRAINT deals_verified_amount_non_negative,
        DROP COLUMN verified_by_organization_id,
        DROP COLUMN verified_by_role,
        DROP COLUMN verified_by_subject,
        DROP COLUMN verified_at,
        DROP COLUMN verified_amount_minor`);
  }
}
