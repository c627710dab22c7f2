import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One round trip to take the audit chain's lock and read its head. A VOLATILE function's queries each take a
 * fresh snapshot under READ COMMITTED, so the head read after the lock sees every event committed while waiting.
 */
export class ReadAuditChainHeadUnderLock1796135801721 implements MigrationInterface {
  name = 'ReadAuditChainHeadUnderLock1796135801721';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION audit_chain_head(lock_key bigint)
      RETURNS TABLE (seq bigint, hash character(64)) LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        RETURN QUERY SELECT e.seq, e.hash FROM audit_event e ORDER BY e.seq DESC LIMIT 1;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION audit_chain_head(bigint)');
  }
}
