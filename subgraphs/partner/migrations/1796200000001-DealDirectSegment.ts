import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * direct_segment_rule_id: the vendor's engagement rule (vendor subgraph, no foreign key across subgraphs) a
 * registration fell in when it was made, a DIRECT_SEGMENT conflict for the vendor's review. Kept as of registration
 * like direct_account_name: editing or retiring the rule later does not change a deal already registered.
 * Registrations made before this migration fell in no rule (there were none).
 */
export class DealDirectSegment1796200000001 implements MigrationInterface {
  name = 'DealDirectSegment1796200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deals ADD COLUMN direct_segment_rule_id uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deals DROP COLUMN direct_segment_rule_id`);
  }
}
