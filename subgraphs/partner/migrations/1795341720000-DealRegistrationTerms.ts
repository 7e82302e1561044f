import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a registration keeps from the moment it was made:
 * - protection_days: the protection period of the vendor's program then (approval protects for that many days);
 * - direct_account_name: the vendor's named direct account with the customer's domain, if any (a DIRECT_ACCOUNT conflict);
 * - request_hash: a digest of the registration request, so a retry with the same idempotency key but another payload
 *   is told apart from a true retry.
 * Rows registered before this migration get the demo's default protection (90 days), no direct account, no digest.
 */
export class DealRegistrationTerms1795341720000 implements MigrationInterface {
  name = 'DealRegistrationTerms1795341720000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE deals
        ADD COLUMN protection_days     integer NOT NULL DEFAULT 90,
        ADD COLUMN direct_account_name text,
        ADD COLUMN request_hash        text,
        ADD CONSTRAINT deals_protection_days_range CHECK (protection_days BETWEEN 1 AND 3650),
        ADD CONSTRAINT deals_direct_account_name_present CHECK (direct_account_name IS NULL OR btrim(direct_account_name) <> ''),
        ADD CONSTRAINT deals_request_hash_with_key CHECK (request_hash IS NULL OR idempotency_key IS NOT NULL)`);
    // Distributor.approvalQueue: submitted deals routed to a distributor, oldest first.
    await queryRunner.query(`CREATE INDEX deals_distributor_submitted_idx ON deals (distributor_id, created_at, id) WHERE status = 'SUBMITTED'`);
    // Expiry: approved deals by the end of their protection (read-time status, the expiry sweep).
    await queryRunner.query(`CREATE INDEX deals_approved_protection_idx ON deals (protection_expires_at) WHERE status = 'APPROVED'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX deals_approved_protection_idx`);
    await queryRunner.query(`DROP INDEX deals_distributor_submitted_idx`);
    await queryRunner.query(`
      ALTER TABLE deals
        DROP CONSTRAINT deals_request_hash_with_key,
        DROP CONSTRAINT deals_direct_account_name_present,
        DROP CONSTRAINT deals_protection_days_range,
        DROP COLUMN request_hash,
        DROP COLUMN direct_account_name,
        DROP COLUMN protection_days`);
  }
}
