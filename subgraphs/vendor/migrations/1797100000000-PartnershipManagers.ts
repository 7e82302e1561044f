import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partnership.manager (DESIGN §6): the vendor member a partnership is assigned to, by subject. The foreign key onto the
 * vendor's own members (organization_id, subject) keeps it a member of the same vendor whatever writes the row; the
 * index serves the row scope of a partner manager (vendor_id = V AND manager_subject = S).
 */
export class PartnershipManagers1797100000000 implements MigrationInterface {
  name = 'PartnershipManagers1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE partnerships ADD COLUMN manager_subject text`);
    await queryRunner.query(
      `ALTER TABLE partnerships ADD CONSTRAINT partnerships_manager_fkey FOREIGN KEY (vendor_id, manager_subject) REFERENCES members (organization_id, subject)`,
    );
    await queryRunner.query(
      `CREATE INDEX partnerships_vendor_manager_idx ON partnerships (vendor_id, manager_subject) WHERE manager_subject IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX partnerships_vendor_manager_idx`);
    await queryRunner.query(`ALTER TABLE partnerships DROP CONSTRAINT partnerships_manager_fkey`);
    await queryRunner.query(`ALTER TABLE partnerships DROP COLUMN manager_subject`);
  }
}
