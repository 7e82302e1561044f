import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a partner maintains itself (issue 13): its website (public profile), and certifications recorded for a vendor
 * and verified by it. Certifications already held when this runs were counted by tiers and eligibility without any
 * verification: they are backfilled as verified (verified_at = the migration's time), so nothing a partner qualified
 * for changes. They name no vendor (vendor_id NULL; no vendor can verify them, and they count for every vendor as
 * before); every certification recorded from now on names the vendor it is for. A renewal is a new certification
 * (a later earned_on), so the old one stays in the record. Deal notes of vendors are bounded like every other text.
 */
export class ProfileAndCertificationVerification1796400000000 implements MigrationInterface {
  name = 'ProfileAndCertificationVerification1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE partners
        ADD COLUMN website text,
        ADD CONSTRAINT partners_website_format CHECK (website IS NULL OR (website ~ '^https?://[^\\s/?#@]+' AND length(website) <= 2048))`);

    await queryRunner.query(`
      ALTER TABLE certifications
        ADD COLUMN vendor_id uuid,
        ADD COLUMN verified_at timestamptz`);
    await queryRunner.query(`UPDATE certifications SET verified_at = date_trunc('milliseconds', now())`);
    await queryRunner.query(`
      ALTER TABLE certifications
        -- only certifications held before this migration name no vendor, and those are verified
        ADD CONSTRAINT certifications_vendor_or_verified CHECK (vendor_id IS NOT NULL OR verified_at IS NOT NULL),
        ADD CONSTRAINT certifications_code_length CHECK (length(code) <= 100),
        ADD CONSTRAINT certifications_name_length CHECK (length(name) <= 200),
        ADD CONSTRAINT certifications_holder_length CHECK (length(holder_name) <= 200),
        DROP CONSTRAINT certifications_partner_code_holder_key,
        -- a person holds a given certification once per date earned: a renewal is a new one
        ADD CONSTRAINT certifications_partner_code_holder_earned_key UNIQUE (partner_id, code, holder_name, earned_on)`);

    await queryRunner.query(`ALTER TABLE deals ADD CONSTRAINT deals_vendor_notes_length CHECK (length(vendor_notes) <= 2000)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deals DROP CONSTRAINT deals_vendor_notes_length`);
    // renewals recorded since would break the older key: the latest of each (partner, code, holder) is kept
    await queryRunner.query(`
      DELETE FROM certifications c
       USING certifications later
       WHERE later.partner_id = c.partner_id AND later.code = c.code AND later.holder_name = c.holder_name
         AND (later.earned_on, later.id) > (c.earned_on, c.id)`);
    await queryRunner.query(`
      ALTER TABLE certifications
        DROP CONSTRAINT certifications_partner_code_holder_earned_key,
        ADD CONSTRAINT certifications_partner_code_holder_key UNIQUE (partner_id, code, holder_name),
        DROP CONSTRAINT certifications_holder_length,
        DROP CONSTRAINT certifications_name_length,
        DROP CONSTRAINT certifications_code_length,
        DROP CONSTRAINT certifications_vendor_or_verified,
        DROP COLUMN verified_at,
        DROP COLUMN vendor_id`);
    await queryRunner.query(`ALTER TABLE partners DROP CONSTRAINT partners_website_format, DROP COLUMN website`);
  }
}
