import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Times that order a keyset-paginated list are kept to the millisecond, as the API shows them and as cursors carry
 * them: with microseconds in the database, a cursor's millisecond value sorted before its own row, so the next
 * page of users (or of failed emails, or of API keys) began with the last row of the previous one. Notices,
 * proposals, replies and meetings were already stored this way (`pageByTime` relies on it).
 */
export class StoreCursorTimesInMilliseconds1796500000000 implements MigrationInterface {
  name = 'StoreCursorTimesInMilliseconds1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "api_key" ALTER COLUMN "created_at" TYPE TIMESTAMP(3) WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "created_at" TYPE TIMESTAMP(6) WITH TIME ZONE`);
  }
}
