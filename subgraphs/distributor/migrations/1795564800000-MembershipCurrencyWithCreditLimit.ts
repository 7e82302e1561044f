import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A membership's currency is the currency of its credit limit: a distributor may add a partner without a credit
 * line (addNetworkMember without creditLimit), and then there is no currency to record.
 */
export class MembershipCurrencyWithCreditLimit1795564800000 implements MigrationInterface {
  name = 'MembershipCurrencyWithCreditLimit1795564800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE network_memberships ALTER COLUMN currency DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE network_memberships ADD CONSTRAINT network_memberships_credit_limit_currency CHECK (credit_limit_minor IS NULL OR currency IS NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE network_memberships DROP CONSTRAINT network_memberships_credit_limit_currency`);
    // XXX: the ISO 4217 code for "no currency involved"
    await queryRunner.query(`UPDATE network_memberships SET currency = 'XXX' WHERE currency IS NULL`);
    await queryRunner.query(`ALTER TABLE network_memberships ALTER COLUMN currency SET NOT NULL`);
  }
}
