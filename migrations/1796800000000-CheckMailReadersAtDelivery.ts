import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message about notices, proposals or meetings names them, so that delivery can check the recipient may still
 * see each: one held up by an outage must not reach someone taken out of an audience or the invitees meanwhile.
 */
export class CheckMailReadersAtDelivery1796800000000 implements MigrationInterface {
  name = 'CheckMailReadersAtDelivery1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "access_to" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "access_to"`);
  }
}
