import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An idempotent retry gets the first answer's body as it was written: `json` keeps the text (and so the order of
 * its fields), where `jsonb` re-ordered them and a replay differed byte for byte from the original.
 */
export class ReplayAnswersAsWritten1796600000000 implements MigrationInterface {
  name = 'ReplayAnswersAsWritten1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_record" ALTER COLUMN "response_body" TYPE json USING "response_body"::json`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_record" ALTER COLUMN "response_body" TYPE jsonb USING "response_body"::jsonb`,
    );
  }
}
