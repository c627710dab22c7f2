import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a member or observer was deactivated: its users keep reading what was shared with it before, and are in no
 * audience after. Members inactive already are taken as deactivated now (nothing older is known).
 */
export class RecordMemberDeactivation1797000000000 implements MigrationInterface {
  name = 'RecordMemberDeactivation1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "member" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "member" SET "deactivated_at" = now() WHERE NOT "active"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "member" DROP COLUMN "deactivated_at"`);
  }
}
