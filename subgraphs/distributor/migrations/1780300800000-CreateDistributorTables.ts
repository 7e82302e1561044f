import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Distributors, their partner networks (credit terms per vendor line) and reported sell-through. */
export class CreateDistributorTables1780300800000 implements MigrationInterface {
  name = 'CreateDistributorTables1780300800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE distributors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        region text NOT NULL,
        countries text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT distributors_slug_key UNIQUE (slug),
        CONSTRAINT distributors_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 63),
        CONSTRAINT distributors_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT distributors_region_known CHECK (region IN ('EMEA', 'NA', 'APAC', 'LATAM')),
        CONSTRAINT distributors_countries_iso CHECK (
          array_position(countries, NULL) IS NULL
          AND array_to_string(countries, ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$'
        )
      )
    `);
    await queryRunner.query(`
      CREATE TABLE network_memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        distributor_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        vendor_id uuid NOT NULL,
        credit_limit_minor bigint,
        currency char(3) NOT NULL,
        payment_terms_days integer,
        status text NOT NULL DEFAULT 'ACTIVE',
        joined_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT network_memberships_distributor_fkey FOREIGN KEY (distributor_id) REFERENCES distributors (id),
        CONSTRAINT network_memberships_member_key UNIQUE (distributor_id, partner_id, vendor_id),
        CONSTRAINT network_memberships_credit_limit_non_negative CHECK (credit_limit_minor >= 0),
        CONSTRAINT network_memberships_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT network_memberships_payment_terms_range CHECK (payment_terms_days BETWEEN 0 AND 365),
        CONSTRAINT network_memberships_status_known CHECK (status IN ('ACTIVE', 'SUSPENDED'))
      )
    `);
    await queryRunner.query(
      `CREATE INDEX network_memberships_distributor_joined_idx ON network_memberships (distributor_id, joined_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX network_memberships_partner_idx ON network_memberships (partner_id, joined_at DESC, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE sell_through_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        distributor_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        vendor_id uuid NOT NULL,
        product_id uuid NOT NULL,
        quantity integer NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        sold_on date NOT NULL,
        external_reference text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sell_through_lines_distributor_fkey FOREIGN KEY (distributor_id) REFERENCES distributors (id),
        CONSTRAINT sell_through_lines_reference_key UNIQUE (distributor_id, external_reference),
        CONSTRAINT sell_through_lines_quantity_positive CHECK (quantity > 0),
        CONSTRAINT sell_through_lines_amount_non_negative CHECK (amount_minor >= 0),
        CONSTRAINT sell_through_lines_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT sell_through_lines_reference_present CHECK (btrim(external_reference) <> '')
      )
    `);
    await queryRunner.query(`CREATE INDEX sell_through_lines_distributor_sold_idx ON sell_through_lines (distributor_id, sold_on DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX sell_through_lines_vendor_sold_idx ON sell_through_lines (vendor_id, sold_on)`);
    await queryRunner.query(`CREATE INDEX sell_through_lines_partner_sold_idx ON sell_through_lines (partner_id, sold_on)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sell_through_lines`);
    await queryRunner.query(`DROP TABLE network_memberships`);
    await queryRunner.query(`DROP TABLE distributors`);
  }
}
