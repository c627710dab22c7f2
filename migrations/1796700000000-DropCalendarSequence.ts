import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A meeting's calendar SEQUENCE is its version less one (it grows with each change, agenda and minutes included),
 * so the separate counter of changes to the event itself goes; emails about a change are keyed by the version.
 */
export class DropCalendarSequence1796700000000 implements MigrationInterface {
  name = 'DropCalendarSequence1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting" DROP COLUMN "calendar_sequence"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting" ADD "calendar_sequence" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`UPDATE "meeting" SET "calendar_sequence" = "version" - 1`);
  }
}
