import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail's refusal of UPDATE, DELETE and TRUNCATE fires whatever the session's replication role: as
 * `ENABLE` (origin) triggers, a session that set `session_replication_role = replica` changed events unrefused,
 * without touching the table.
 */
export class FireAuditTriggersAlways1796900000000 implements MigrationInterface {
  name = 'FireAuditTriggersAlways1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" ENABLE ALWAYS TRIGGER audit_event_no_update_delete`);
    await queryRunner.query(`ALTER TABLE "audit_event" ENABLE ALWAYS TRIGGER audit_event_no_truncate`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" ENABLE TRIGGER audit_event_no_update_delete`);
    await queryRunner.query(`ALTER TABLE "audit_event" ENABLE TRIGGER audit_event_no_truncate`);
  }
}
