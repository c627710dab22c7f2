import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message about a notice, proposal or meeting names it, so that delivery can check the recipient may still
 * see it: one held up by an outage must not reach someone taken out of the audience or the invitees meanwhile.
 */
export class CheckMailReadersAtDelivery1796800000000 implements MigrationInterface {
  name = 'CheckMailReadersAtDelivery1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "access_to_type" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "access_to_id" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "access_to_id"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "access_to_type"`);
  }
}
