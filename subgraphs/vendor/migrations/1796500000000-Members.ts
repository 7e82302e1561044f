import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMembersTable, dropMembersTable } from '../../../common/members/migration';

/** The vendor organizations' members (DESIGN.md §6): the table every subgraph has for the organizations it owns. */
export class Members1796500000000 implements MigrationInterface {
  name = 'Members1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMembersTable(queryRunner, 'VENDOR', 'vendors');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropMembersTable(queryRunner);
  }
}
