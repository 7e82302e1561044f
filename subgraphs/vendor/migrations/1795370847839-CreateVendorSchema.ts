import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The vendor context: catalog, partner programs and tiers, incentives, partnerships, distribution
 * agreements, direct accounts and MDF requests. partner_id / distributor_id are ids owned by the
 * partner and distributor subgraphs: plain uuid columns, never foreign keys across contexts.
 */
export class CreateVendorSchema1795370847839 implements MigrationInterface {
  name = 'CreateVendorSchema1795370847839';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE vendors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        website text,
        headquarters_country char(2) NOT NULL,
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT vendors_slug_key UNIQUE (slug),
        CONSTRAINT vendors_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT vendors_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT vendors_website_format CHECK (website IS NULL OR website ~ '^https?://'),
        CONSTRAINT vendors_country_format CHECK (headquarters_country ~ '^[A-Z]{2}$'),
        CONSTRAINT vendors_currency_format CHECK (currency ~ '^[A-Z]{3}$')
      )`);
    await queryRunner.query(`CREATE INDEX vendors_name_idx ON vendors (name, id)`);

    await queryRunner.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        sku text NOT NULL,
        name text NOT NULL,
        category text NOT NULL,
        list_price_minor bigint NOT NULL,
        unit_cost_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        CONSTRAINT products_vendor_sku_key UNIQUE (vendor_id, sku),
        CONSTRAINT products_sku_present CHECK (btrim(sku) <> ''),
        CONSTRAINT products_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT products_list_price_non_negative CHECK (list_price_minor >= 0),
        CONSTRAINT products_unit_cost_non_negative CHECK (unit_cost_minor >= 0),
        CONSTRAINT products_currency_format CHECK (currency ~ '^[A-Z]{3}$')
      )`);

    await queryRunner.query(`
      CREATE TABLE partner_programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        name text NOT NULL,
        description text,
        protection_days integer NOT NULL DEFAULT 90,
        currency char(3) NOT NULL,
        CONSTRAINT partner_programs_vendor_name_key UNIQUE (vendor_id, name),
        CONSTRAINT partner_programs_id_vendor_key UNIQUE (id, vendor_id),
        CONSTRAINT partner_programs_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT partner_programs_protection_days_positive CHECK (protection_days > 0),
        CONSTRAINT partner_programs_currency_format CHECK (currency ~ '^[A-Z]{3}$')
      )`);
    await queryRunner.query(`CREATE INDEX partner_programs_name_idx ON partner_programs (name, id)`);

    await queryRunner.query(`
      CREATE TABLE program_tiers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        program_id uuid NOT NULL REFERENCES partner_programs (id) ON DELETE CASCADE,
        name text NOT NULL,
        rank integer NOT NULL,
        min_revenue_minor bigint NOT NULL DEFAULT 0,
        min_certifications integer NOT NULL DEFAULT 0,
        min_won_deals integer NOT NULL DEFAULT 0,
        discount_bps integer NOT NULL DEFAULT 0,
        rebate_bps integer NOT NULL DEFAULT 0,
        mdf_eligible boolean NOT NULL DEFAULT false,
        CONSTRAINT program_tiers_program_rank_key UNIQUE (program_id, rank),
        CONSTRAINT program_tiers_program_name_key UNIQUE (program_id, name),
        CONSTRAINT program_tiers_id_program_key UNIQUE (id, program_id),
        CONSTRAINT program_tiers_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT program_tiers_rank_positive CHECK (rank > 0),
        CONSTRAINT program_tiers_min_revenue_non_negative CHECK (min_revenue_minor >= 0),
        CONSTRAINT program_tiers_min_certifications_non_negative CHECK (min_certifications >= 0),
        CONSTRAINT program_tiers_min_won_deals_non_negative CHECK (min_won_deals >= 0),
        CONSTRAINT program_tiers_discount_range CHECK (discount_bps BETWEEN 0 AND 10000),
        CONSTRAINT program_tiers_rebate_range CHECK (rebate_bps BETWEEN 0 AND 10000)
      )`);

    await queryRunner.query(`
      CREATE TABLE incentives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        program_id uuid,
        kind text NOT NULL,
        audience text NOT NULL DEFAULT 'PARTNER',
        name text NOT NULL,
        description text,
        starts_on date NOT NULL,
        ends_on date,
        budget_minor bigint,
        spent_minor bigint NOT NULL DEFAULT 0,
        currency char(3) NOT NULL,
        min_tier_rank integer,
        regions text[] NOT NULL DEFAULT '{}',
        countries text[] NOT NULL DEFAULT '{}',
        partner_types text[] NOT NULL DEFAULT '{}',
        min_revenue_minor bigint,
        required_certifications text[] NOT NULL DEFAULT '{}',
        product_categories text[] NOT NULL DEFAULT '{}',
        CONSTRAINT incentives_program_fkey FOREIGN KEY (program_id, vendor_id) REFERENCES partner_programs (id, vendor_id),
        CONSTRAINT incentives_kind_check CHECK (kind IN ('REBATE', 'MDF', 'SPIFF', 'DEAL_REGISTRATION_BONUS')),
        CONSTRAINT incentives_audience_check CHECK (audience IN ('PARTNER', 'DISTRIBUTOR')),
        CONSTRAINT incentives_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT incentives_period_order CHECK (ends_on IS NULL OR ends_on >= starts_on),
        CONSTRAINT incentives_budget_non_negative CHECK (budget_minor IS NULL OR budget_minor >= 0),
        CONSTRAINT incentives_spent_non_negative CHECK (spent_minor >= 0),
        CONSTRAINT incentives_spent_within_budget CHECK (budget_minor IS NULL OR spent_minor <= budget_minor),
        CONSTRAINT incentives_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT incentives_min_tier_rank_positive CHECK (min_tier_rank IS NULL OR min_tier_rank > 0),
        CONSTRAINT incentives_min_revenue_non_negative CHECK (min_revenue_minor IS NULL OR min_revenue_minor >= 0),
        CONSTRAINT incentives_partner_types_check CHECK (partner_types <@ ARRAY['VAR', 'MSP', 'SI', 'REFERRAL', 'ISV']::text[]),
        CONSTRAINT incentives_countries_format CHECK (array_to_string(countries, ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$')
      )`);
    await queryRunner.query(`CREATE INDEX incentives_vendor_name_idx ON incentives (vendor_id, name, id)`);
    await queryRunner.query(`CREATE INDEX incentives_name_idx ON incentives (name, id)`);
    await queryRunner.query(`CREATE INDEX incentives_program_idx ON incentives (program_id) WHERE program_id IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE partnerships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        partner_id uuid NOT NULL,
        program_id uuid NOT NULL,
        tier_id uuid,
        status text NOT NULL DEFAULT 'PENDING',
        sales_motion text NOT NULL,
        target_revenue_minor bigint,
        currency char(3) NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partnerships_vendor_partner_key UNIQUE (vendor_id, partner_id),
        CONSTRAINT partnerships_program_fkey FOREIGN KEY (program_id, vendor_id) REFERENCES partner_programs (id, vendor_id),
        CONSTRAINT partnerships_tier_fkey FOREIGN KEY (tier_id, program_id) REFERENCES program_tiers (id, program_id),
        CONSTRAINT partnerships_status_check CHECK (status IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED')),
        CONSTRAINT partnerships_sales_motion_check CHECK (sales_motion IN ('SELL_TO', 'SELL_THROUGH', 'SELL_WITH', 'HYBRID')),
        CONSTRAINT partnerships_target_non_negative CHECK (target_revenue_minor IS NULL OR target_revenue_minor >= 0),
        CONSTRAINT partnerships_currency_format CHECK (currency ~ '^[A-Z]{3}$')
      )`);
    await queryRunner.query(`CREATE INDEX partnerships_partner_idx ON partnerships (partner_id, enrolled_at, id)`);
    await queryRunner.query(`CREATE INDEX partnerships_vendor_enrolled_idx ON partnerships (vendor_id, enrolled_at, id)`);
    await queryRunner.query(`CREATE INDEX partnerships_program_idx ON partnerships (program_id)`);
    await queryRunner.query(`CREATE INDEX partnerships_tier_idx ON partnerships (tier_id) WHERE tier_id IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE distribution_agreements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        distributor_id uuid NOT NULL,
        regions text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        started_on date NOT NULL,
        CONSTRAINT distribution_agreements_vendor_distributor_key UNIQUE (vendor_id, distributor_id)
      )`);
    await queryRunner.query(`CREATE INDEX distribution_agreements_distributor_idx ON distribution_agreements (distributor_id)`);

    await queryRunner.query(`
      CREATE TABLE direct_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        customer_name text NOT NULL,
        domain text NOT NULL,
        CONSTRAINT direct_accounts_vendor_domain_key UNIQUE (vendor_id, domain),
        CONSTRAINT direct_accounts_customer_name_present CHECK (btrim(customer_name) <> ''),
        CONSTRAINT direct_accounts_domain_format CHECK (domain ~ '^[a-z0-9-]+([.][a-z0-9-]+)+$')
      )`);
    await queryRunner.query(`CREATE INDEX direct_accounts_domain_idx ON direct_accounts (domain)`);

    await queryRunner.query(`
      CREATE TABLE mdf_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incentive_id uuid NOT NULL REFERENCES incentives (id),
        partner_id uuid NOT NULL,
        activity text NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        expected_pipeline_minor bigint,
        status text NOT NULL DEFAULT 'REQUESTED',
        proof_of_performance text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mdf_requests_activity_present CHECK (btrim(activity) <> ''),
        CONSTRAINT mdf_requests_amount_positive CHECK (amount_minor > 0),
        CONSTRAINT mdf_requests_expected_pipeline_non_negative CHECK (expected_pipeline_minor IS NULL OR expected_pipeline_minor >= 0),
        CONSTRAINT mdf_requests_status_check CHECK (status IN ('REQUESTED', 'APPROVED', 'REJECTED', 'CLAIMED', 'PAID')),
        CONSTRAINT mdf_requests_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT mdf_requests_updated_after_created CHECK (updated_at >= created_at)
      )`);
    await queryRunner.query(`CREATE INDEX mdf_requests_partner_idx ON mdf_requests (partner_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX mdf_requests_incentive_idx ON mdf_requests (incentive_id, created_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE mdf_requests`);
    await queryRunner.query(`DROP TABLE direct_accounts`);
    await queryRunner.query(`DROP TABLE distribution_agreements`);
    await queryRunner.query(`DROP TABLE partnerships`);
    await queryRunner.query(`DROP TABLE incentives`);
    await queryRunner.query(`DROP TABLE program_tiers`);
    await queryRunner.query(`DROP TABLE partner_programs`);
    await queryRunner.query(`DROP TABLE products`);
    await queryRunner.query(`DROP TABLE vendors`);
  }
}
