import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vendor mutations: the audit trail of hand-set partnership tiers (setPartnershipTier), and program names unique
 * per vendor regardless of case ("Gold Program" and "gold program" are one name to a person), which also makes
 * two concurrent createProgram calls with the same name end in one program.
 */
export class PartnershipTierChanges1795600000000 implements MigrationInterface {
  name = 'PartnershipTierChanges1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE partnership_tier_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        from_tier_id uuid REFERENCES program_tiers (id),
        to_tier_id uuid NOT NULL REFERENCES program_tiers (id),
        reason text NOT NULL,
        changed_by_subject text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT partnership_tier_changes_reason_present CHECK (btrim(reason) <> ''),
        CONSTRAINT partnership_tier_changes_subject_present CHECK (btrim(changed_by_subject) <> '')
      )`);
    await queryRunner.query(`CREATE INDEX partnership_tier_changes_partnership_idx ON partnership_tier_changes (partnership_id, changed_at, id)`);
    await queryRunner.query(`CREATE UNIQUE INDEX partner_programs_vendor_lower_name_key ON partner_programs (vendor_id, lower(name))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX partner_programs_vendor_lower_name_key`);
    await queryRunner.query(`DROP TABLE partnership_tier_changes`);
  }
}
