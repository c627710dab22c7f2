import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appending to the audit chain in one call: take the lock and read the head (audit_chain_head), then link and
 * insert each event. The application sends each event's canonical text with its place in the chain left open
 * (see auditHashTemplate); the hash is SHA-256 over that text with prevHash and seq filled in, exactly what the
 * verifier recomputes. One round trip instead of two, and the lock is held only from here to commit.
 */
export class AppendAuditEventsInOneCall1796221000000 implements MigrationInterface {
  name = 'AppendAuditEventsInOneCall1796221000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION audit_append(lock_key bigint, events jsonb)
      RETURNS void LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        link_seq bigint;
        link_hash text;
        event jsonb;
        event_hash text;
      BEGIN
        SELECT head.seq, head.hash INTO link_seq, link_hash FROM audit_chain_head(lock_key) head;
        link_seq := coalesce(link_seq, 0);
        FOR event IN SELECT value FROM jsonb_array_elements(events) LOOP
          link_seq := link_seq + 1;
          event_hash := encode(sha256(convert_to(
            (event->>'hashHead') || coalesce('"' || link_hash || '"', 'null') || (event->>'hashTail') || link_seq || '}',
            'UTF8')), 'hex');
          INSERT INTO audit_event (seq, id, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
            request_id, ip, changes, prev_hash, hash)
          VALUES (link_seq, (event->>'id')::uuid, (event->>'occurredAt')::timestamptz, (event->>'actorId')::uuid,
            event->>'actorRole', event->>'action', event->>'entityType', event->>'entityId', event->>'requestId',
            event->>'ip', nullif(event->'changes', 'null'::jsonb), link_hash, event_hash);
          link_hash := event_hash;
        END LOOP;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION audit_append(bigint, jsonb)');
  }
}
