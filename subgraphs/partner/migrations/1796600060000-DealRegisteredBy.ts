import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration by a distributor (DESIGN §8): a distributor registers a deal for a partner of its network; the deal is
 * the partner's, and records who registered it. NULL: the partner registered it itself (every deal before this).
 */
export class DealRegisteredBy1796600060000 implements MigrationInterface {
  name = 'DealRegisteredBy1796600060000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deals ADD COLUMN registered_by_distributor_id uuid`);
    // a distributor registers only deals that run through itself (it sees them by distributor_id)
    await queryRunner.query(
      `ALTER TABLE deals ADD CONSTRAINT deals_registered_by_routed CHECK (registered_by_distributor_id IS NULL OR registered_by_distributor_id = distributor_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deals DROP COLUMN registered_by_distributor_id`);
  }
}
