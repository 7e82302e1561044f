import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a closed deal closed, on the deal itself, so leaderboards and revenue totals over a period (analytics.ts) read
 * one index of `deals` instead of probing every closed deal's history (issue 5: Vendor.topPartners over a year of a
 * million deals).
 *
 * closed_at is the time of the history event that moved the deal into its current status when that status is WON or
 * LOST (the latest such event, should there be several); NULL otherwise. WON and LOST are final (a deal closes once,
 * from APPROVED), so it is set once and never moves. It is kept by the database, in the transaction that appends the
 * closing event, whoever writes it (decisions, seeds, tests): a statement-level trigger on deal_events sets it on the
 * deals of the inserted closing events whose status is already that outcome (a deal is updated before its event is
 * appended). Rows that already hold the right value are left alone, so a bulk load that writes closed_at with the
 * deal (tooling/demo/large.ts) rewrites nothing.
 *
 * deals_vendor_closed_idx covers what a vendor's closed-deal tallies read: its closed deals by closing time, with the
 * partner, status, currency and final amount (an index-only scan).
 */
/** Sets closed_at on the deals of `events` whose status is the outcome they closed to (the latest such event). */
const recordClosing = (deals: string, events: string) => `
  UPDATE ${deals} d SET closed_at = c.at
    FROM (SELECT DISTINCT ON (e.deal_id) e.deal_id, e.at
            FROM ${events} e JOIN ${deals} x ON x.id = e.deal_id AND x.status = e.to_status
           WHERE e.to_status IN ('WON', 'LOST')
           ORDER BY e.deal_id, e.at DESC) c
   WHERE d.id = c.deal_id AND d.closed_at IS DISTINCT FROM c.at`;

export class DealClosedAt1795341780000 implements MigrationInterface {
  name = 'DealClosedAt1795341780000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deals ADD COLUMN closed_at timestamptz`);
    await queryRunner.query(recordClosing('deals', 'deal_events'));
    // the tables of the trigger's own schema (each subgraph's tables live in one), whatever the session's search_path
    await queryRunner.query(`
      CREATE FUNCTION deals_record_closing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format($sql$ ${recordClosing('%1$I.deals', 'closing_events')} $sql$, TG_TABLE_SCHEMA);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER deal_events_record_closing AFTER INSERT ON deal_events
        REFERENCING NEW TABLE AS closing_events
        FOR EACH STATEMENT EXECUTE FUNCTION deals_record_closing()`);
    await queryRunner.query(`
      CREATE INDEX deals_vendor_closed_idx ON deals (vendor_id, closed_at)
        INCLUDE (partner_id, status, currency, final_amount_minor)
        WHERE status IN ('WON', 'LOST')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX deals_vendor_closed_idx`);
    await queryRunner.query(`DROP TRIGGER deal_events_record_closing ON deal_events`);
    await queryRunner.query(`DROP FUNCTION deals_record_closing()`);
    await queryRunner.query(`ALTER TABLE deals DROP COLUMN closed_at`);
  }
}
