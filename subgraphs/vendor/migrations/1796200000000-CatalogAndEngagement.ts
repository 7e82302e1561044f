import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The vendor runs its catalog and rules of engagement through the graph:
 * - products.retired_at: a retired product stays (deals, sell-through and the audit trail refer to it) but can no
 *   longer be registered on a deal;
 * - direct_accounts.ended_at: an ended account stays (direct sales refer to it) and no longer conflicts with new
 *   registrations; a domain is unique among the vendor's accounts that have not ended, so it can be named again;
 * - engagement_rules: a segment the vendor reserves for itself (region or country, an amount band in one currency,
 *   a product category; at least one of them); a registration inside an active rule is flagged DIRECT_SEGMENT.
 *   Band: at least min, below max (minor units). Names are unique, without case, among the vendor's active rules.
 */
export class CatalogAndEngagement1796200000000 implements MigrationInterface {
  name = 'CatalogAndEngagement1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE products ADD COLUMN retired_at timestamptz`);
    await queryRunner.query(`ALTER TABLE direct_accounts ADD COLUMN ended_at timestamptz`);
    await queryRunner.query(`ALTER TABLE direct_accounts DROP CONSTRAINT direct_accounts_vendor_domain_key`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX direct_accounts_vendor_open_domain_key ON direct_accounts (vendor_id, domain) WHERE ended_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE engagement_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        name text NOT NULL,
        region text,
        country char(2),
        currency char(3),
        min_amount_minor bigint,
        max_amount_minor bigint,
        product_category text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        retired_at timestamptz,
        CONSTRAINT engagement_rules_name_present CHECK (btrim(name) <> ''),
        CONSTRAINT engagement_rules_region_known CHECK (region IS NULL OR region IN ('EMEA', 'NA', 'APAC', 'LATAM')),
        CONSTRAINT engagement_rules_country_format CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
        CONSTRAINT engagement_rules_region_or_country CHECK (region IS NULL OR country IS NULL),
        CONSTRAINT engagement_rules_currency_format CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
        CONSTRAINT engagement_rules_band_has_currency CHECK ((currency IS NULL) = (min_amount_minor IS NULL AND max_amount_minor IS NULL)),
        CONSTRAINT engagement_rules_band_non_negative CHECK (min_amount_minor IS NULL OR min_amount_minor >= 0),
        CONSTRAINT engagement_rules_band_ordered CHECK (max_amount_minor IS NULL OR max_amount_minor > coalesce(min_amount_minor, 0)),
        CONSTRAINT engagement_rules_category_present CHECK (product_category IS NULL OR btrim(product_category) <> ''),
        CONSTRAINT engagement_rules_some_segment CHECK (region IS NOT NULL OR country IS NOT NULL OR currency IS NOT NULL OR product_category IS NOT NULL),
        CONSTRAINT engagement_rules_retired_after_created CHECK (retired_at IS NULL OR retired_at >= created_at)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX engagement_rules_vendor_active_name_key ON engagement_rules (vendor_id, lower(name)) WHERE retired_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX engagement_rules_vendor_idx ON engagement_rules (vendor_id, created_at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE engagement_rules`);
    await queryRunner.query(`DROP INDEX direct_accounts_vendor_open_domain_key`);
    await queryRunner.query(`ALTER TABLE direct_accounts ADD CONSTRAINT direct_accounts_vendor_domain_key UNIQUE (vendor_id, domain)`);
    await queryRunner.query(`ALTER TABLE direct_accounts DROP COLUMN ended_at`);
    await queryRunner.query(`ALTER TABLE products DROP COLUMN retired_at`);
  }
}
