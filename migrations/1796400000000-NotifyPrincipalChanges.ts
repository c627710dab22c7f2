import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database says when a signed-in caller's standing changes, so processes may keep principals in memory: a
 * session revoked or removed, a user deactivated, removed, or given another role, member or MFA state notifies
 * `principal_changed` with the user's id, delivered to every listening process when the change commits.
 */
export class NotifyPrincipalChanges1796400000000 implements MigrationInterface {
  name = 'NotifyPrincipalChanges1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION notify_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'app_user' THEN
          PERFORM pg_notify('principal_changed', OLD.id::text);
        ELSE
          PERFORM pg_notify('principal_changed', OLD.user_id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER app_user_principal_changed
      AFTER UPDATE OF active, role, member_code, mfa_enabled OR DELETE ON app_user
      FOR EACH ROW EXECUTE FUNCTION notify_principal_changed()`);
    await queryRunner.query(`CREATE TRIGGER auth_session_principal_changed
      AFTER UPDATE OF revoked_at, user_id OR DELETE ON auth_session
      FOR EACH ROW EXECUTE FUNCTION notify_principal_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER auth_session_principal_changed ON auth_session');
    await queryRunner.query('DROP TRIGGER app_user_principal_changed ON app_user');
    await queryRunner.query('DROP FUNCTION notify_principal_changed()');
  }
}
