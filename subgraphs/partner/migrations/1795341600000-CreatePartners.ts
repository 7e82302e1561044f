import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partners and the certifications their people hold. */
export class CreatePartners1795341600000 implements MigrationInterface {
  name = 'CreatePartners1795341600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE partners (
        id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        slug          text        NOT NULL,
        name          text        NOT NULL,
        partner_types text[]      NOT NULL,
        sales_motion  text        NOT NULL,
        region        text        NOT NULL,
        country       char(2)     NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT partners_slug_key UNIQUE (slug),
        CONSTRAINT partners_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 64),
        CONSTRAINT partners_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT partners_types_present CHECK (cardinality(partner_types) > 0),
        CONSTRAINT partners_types_known CHECK (partner_types <@ ARRAY['VAR', 'MSP', 'SI', 'REFERRAL', 'ISV']::text[]),
        CONSTRAINT partners_sales_motion_check CHECK (sales_motion IN ('SELL_TO', 'SELL_THROUGH', 'SELL_WITH', 'HYBRID')),
        CONSTRAINT partners_region_format CHECK (region ~ '^[A-Z]{2,10}$'),
        CONSTRAINT partners_country_format CHECK (country ~ '^[A-Z]{2}$')
      )`);
    // partners(filter, first, after): ordered by name, id; filters on type, region, country.
    await queryRunner.query(`CREATE INDEX partners_name_id_idx ON partners (name, id)`);
    await queryRunner.query(`CREATE INDEX partners_types_idx ON partners USING gin (partner_types)`);
    await queryRunner.query(`CREATE INDEX partners_region_idx ON partners (region)`);
    await queryRunner.query(`CREATE INDEX partners_country_idx ON partners (country)`);

    await queryRunner.query(`
      CREATE TABLE certifications (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id  uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
        code        text NOT NULL,
        name        text NOT NULL,
        holder_name text NOT NULL,
        earned_on   date NOT NULL,
        expires_on  date,
        CONSTRAINT certifications_code_format CHECK (code ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'),
        CONSTRAINT certifications_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT certifications_holder_present CHECK (btrim(holder_name) <> ''),
        CONSTRAINT certifications_validity CHECK (expires_on IS NULL OR expires_on >= earned_on),
        -- one person holds a given certification once per partner; the index behind it (partner_id first)
        -- also serves Partner.certifications and the partner_id foreign key
        CONSTRAINT certifications_partner_code_holder_key UNIQUE (partner_id, code, holder_name)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE certifications`);
    await queryRunner.query(`DROP TABLE partners`);
  }
}
