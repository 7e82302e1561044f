import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createChangeEvents, dropChangeEvents } from '../../../common/audit/migration';

/** The audit trail of the records this context owns (common/audit): who changed what, in which role, when, before → after. */
export class ChangeEvents1796000000000 implements MigrationInterface {
  name = 'ChangeEvents1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createChangeEvents(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropChangeEvents(queryRunner);
  }
}
