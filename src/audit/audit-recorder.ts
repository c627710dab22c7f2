import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentRequest } from '../common/request-context.js';
import type { AuditEntry } from './audit-actions.js';
import { auditHash, type HashedAuditFields } from './audit-hash.js';

/** Serialises appends to the chain across every app process on the database. */
const AUDIT_CHAIN_LOCK = 7_240_001;

/**
 * Appends events to the hash chain inside the caller's transaction. The chain head is locked for the rest of
 * that transaction, so the chain never forks; callers append last, just before commit, to keep the lock short.
 */
@Injectable()
export class AuditRecorder {
  async append(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Takes the lock, then reads the head in a snapshot taken after it: see ReadAuditChainHeadUnderLock.
    const [head] = (await manager.query('SELECT seq, hash FROM audit_chain_head($1)', [AUDIT_CHAIN_LOCK])) as {
      seq: string;
      hash: string;
    }[];
    let seq = head ? Number(head.seq) : 0;
    let prevHash: string | null = head?.hash ?? null;
    const context = currentRequest();
    const occurredAt = new Date().toISOString();
    const rows: (HashedAuditFields & { hash: string })[] = [];
    for (const entry of entries) {
      const actor = entry.actor === undefined ? (context?.actor ?? null) : entry.actor;
      const fields: HashedAuditFields = {
        id: randomUUID(),
        seq: ++seq,
        occurredAt,
        actorId: actor?.id ?? null,
        actorRole: actor ? actor.role : context ? 'anonymous' : 'system',
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        requestId: context?.requestId ?? null,
        ip: context?.ip ?? null,
        changes: entry.changes ?? null,
        prevHash,
      };
      const hash = auditHash(fields);
      rows.push({ ...fields, hash });
      prevHash = hash;
    }
    const values: unknown[] = [];
    const tuples = rows.map((row, index) => {
      values.push(
        row.seq,
        row.id,
        row.occurredAt,
        row.actorId,
        row.actorRole,
        row.action,
        row.entityType,
        row.entityId,
        row.requestId,
        row.ip,
        row.changes === null ? null : JSON.stringify(row.changes),
        row.prevHash,
        row.hash,
      );
      const base = index * 13;
      return `(${Array.from({ length: 13 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO audit_event (seq, id, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
         request_id, ip, changes, prev_hash, hash) VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}
