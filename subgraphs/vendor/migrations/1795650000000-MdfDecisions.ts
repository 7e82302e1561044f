import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The MDF flow (requestMdf → approveMdf | rejectMdf → claimMdf → markMdfPaid): what the vendor decided (approved
 * amount, rejection reason, when) and when it paid. Each status carries what it needs, checked by the database:
 * an approved amount is positive and at most the amount requested; APPROVED, CLAIMED and PAID requests have it and a
 * decision time; a REJECTED one has a reason and a decision time; CLAIMED and PAID ones have the proof of performance;
 * PAID ones the payment time. Timestamps are millisecond-precise (the flow writes date_trunc('milliseconds', now())).
 */
export class MdfDecisions1795650000000 implements MigrationInterface {
  name = 'MdfDecisions1795650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE mdf_requests
        ADD COLUMN approved_amount_minor bigint,
        ADD COLUMN reason text,
        ADD COLUMN decided_at timestamptz,
        ADD COLUMN paid_at timestamptz,
        ALTER COLUMN created_at SET DEFAULT date_trunc('milliseconds', now()),
        ALTER COLUMN updated_at SET DEFAULT date_trunc('milliseconds', now()),
        ADD CONSTRAINT mdf_requests_approved_amount_range CHECK (approved_amount_minor IS NULL OR (approved_amount_minor > 0 AND approved_amount_minor <= amount_minor)),
        ADD CONSTRAINT mdf_requests_reason_present CHECK (reason IS NULL OR btrim(reason) <> ''),
        ADD CONSTRAINT mdf_requests_approved_has_decision CHECK (
          status NOT IN ('APPROVED', 'CLAIMED', 'PAID') OR (approved_amount_minor IS NOT NULL AND decided_at IS NOT NULL)),
        ADD CONSTRAINT mdf_requests_rejected_has_reason CHECK (status <> 'REJECTED' OR (reason IS NOT NULL AND decided_at IS NOT NULL)),
        ADD CONSTRAINT mdf_requests_claimed_has_proof CHECK (status NOT IN ('CLAIMED', 'PAID') OR proof_of_performance IS NOT NULL),
        ADD CONSTRAINT mdf_requests_paid_has_time CHECK (status <> 'PAID' OR paid_at IS NOT NULL),
        ADD CONSTRAINT mdf_requests_decided_after_created CHECK (decided_at IS NULL OR decided_at >= created_at),
        ADD CONSTRAINT mdf_requests_paid_after_decided CHECK (paid_at IS NULL OR paid_at >= decided_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE mdf_requests
        DROP CONSTRAINT mdf_requests_paid_after_decided,
        DROP CONSTRAINT mdf_requests_decided_after_created,
        DROP CONSTRAINT mdf_requests_paid_has_time,
        DROP CONSTRAINT mdf_requests_claimed_has_proof,
        DROP CONSTRAINT mdf_requests_rejected_has_reason,
        DROP CONSTRAINT mdf_requests_approved_has_decision,
        DROP CONSTRAINT mdf_requests_reason_present,
        DROP CONSTRAINT mdf_requests_approved_amount_range,
        ALTER COLUMN updated_at SET DEFAULT now(),
        ALTER COLUMN created_at SET DEFAULT now(),
        DROP COLUMN paid_at,
        DROP COLUMN decided_at,
        DROP COLUMN reason,
        DROP COLUMN approved_amount_minor`);
  }
}
