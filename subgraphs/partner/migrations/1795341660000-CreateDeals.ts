import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'SUBMITTED', 'APPROVED', 'REJECTED', 'WON', 'LOST', 'EXPIRED', 'WITHDRAWN'`;

/**
 * Deal registrations, their product lines and their audit trail. vendor_id, distributor_id and
 * product_id are ids of other subgraphs' entities: plain uuid columns, no foreign keys.
 * Timestamps default to millisecond precision so keyset cursors (JavaScript dates) match rows exactly.
 */
export class CreateDeals1795341660000 implements MigrationInterface {
  name = 'CreateDeals1795341660000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE deals (
        id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id            uuid        NOT NULL REFERENCES partners (id),
        vendor_id             uuid        NOT NULL,
        distributor_id        uuid,
        customer_name         text        NOT NULL,
        customer_domain       text        NOT NULL,
        amount_minor          bigint      NOT NULL,
        final_amount_minor    bigint,
        currency              char(3)     NOT NULL,
        expected_close_date   date        NOT NULL,
        status                text        NOT NULL DEFAULT 'SUBMITTED',
        protection_expires_at timestamptz,
        vendor_notes          text,
        version               integer     NOT NULL DEFAULT 1,
        idempotency_key       text,
        created_at            timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at            timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT deals_customer_name_present CHECK (btrim(customer_name) <> ''),
        CONSTRAINT deals_customer_domain_normalized CHECK (customer_domain = lower(customer_domain) AND customer_domain ~ '^[a-z0-9-]+(\\.[a-z0-9-]+)+$'),
        CONSTRAINT deals_amount_positive CHECK (amount_minor > 0),
        CONSTRAINT deals_final_amount_non_negative CHECK (final_amount_minor IS NULL OR final_amount_minor >= 0),
        CONSTRAINT deals_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT deals_status_check CHECK (status IN (${STATUSES})),
        CONSTRAINT deals_version_positive CHECK (version > 0),
        CONSTRAINT deals_idempotency_key_present CHECK (idempotency_key IS NULL OR btrim(idempotency_key) <> ''),
        CONSTRAINT deals_updated_after_created CHECK (updated_at >= created_at),
        CONSTRAINT deals_partner_idempotency_key UNIQUE (partner_id, idempotency_key)
      )`);
    // Partner.deals, Vendor.deals, Distributor.deals: newest first per owner (also the partner_id FK index).
    await queryRunner.query(`CREATE INDEX deals_partner_created_idx ON deals (partner_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX deals_vendor_created_idx ON deals (vendor_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX deals_distributor_created_idx ON deals (distributor_id, created_at DESC, id DESC)`);
    // deals(first, after) without an owner filter.
    await queryRunner.query(`CREATE INDEX deals_created_idx ON deals (created_at DESC, id DESC)`);
    // Channel conflict detection: same vendor, same customer domain.
    await queryRunner.query(`CREATE INDEX deals_vendor_customer_domain_idx ON deals (vendor_id, customer_domain)`);
    await queryRunner.query(`CREATE INDEX deals_status_idx ON deals (status)`);

    await queryRunner.query(`
      CREATE TABLE deal_lines (
        id         uuid    PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id    uuid    NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        product_id uuid    NOT NULL,
        quantity   integer NOT NULL,
        position   integer NOT NULL,
        CONSTRAINT deal_lines_quantity_positive CHECK (quantity > 0),
        CONSTRAINT deal_lines_position_non_negative CHECK (position >= 0),
        CONSTRAINT deal_lines_deal_position_key UNIQUE (deal_id, position)
      )`);

    await queryRunner.query(`
      CREATE TABLE deal_events (
        id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id               uuid        NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        from_status           text,
        to_status             text        NOT NULL,
        actor_subject         text        NOT NULL,
        actor_role            text        NOT NULL,
        actor_organization_id uuid        NOT NULL,
        reason                text,
        at                    timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT deal_events_from_status_check CHECK (from_status IS NULL OR from_status IN (${STATUSES})),
        CONSTRAINT deal_events_to_status_check CHECK (to_status IN (${STATUSES})),
        CONSTRAINT deal_events_actor_role_check CHECK (actor_role IN ('VENDOR', 'PARTNER', 'DISTRIBUTOR')),
        CONSTRAINT deal_events_actor_subject_present CHECK (btrim(actor_subject) <> '')
      )`);
    // Deal.history: oldest first per deal (also the deal_id FK index).
    await queryRunner.query(`CREATE INDEX deal_events_deal_at_idx ON deal_events (deal_id, at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deal_events`);
    await queryRunner.query(`DROP TABLE deal_lines`);
    await queryRunner.query(`DROP TABLE deals`);
  }
}
