import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { actorOf, type Origin } from '../common/request-context.js';
import type { AuditEntry } from './audit-actions.js';
import { auditHashTemplate } from './audit-hash.js';

/** Serialises appends to the chain across every app process on the database. */
const AUDIT_CHAIN_LOCK = 7_240_001;

/**
 * Appends events to the hash chain inside the caller's transaction, in one call to `audit_append`: it takes the
 * chain's lock, reads the head, links each event and inserts it (see AppendAuditEventsInOneCall). The lock is
 * held until the transaction ends, so the chain never forks; callers append last, with their commit.
 */
@Injectable()
export class AuditRecorder {
  /**
   * The statement appending `entries`, or null when there are none. Its one value is inlined as an escaped
   * literal (JSON text), so the caller can send it together with its COMMIT in one round trip. Events name the
   * origin's caller unless an entry names its own actor.
   */
  appendStatement(entries: AuditEntry[], origin: Origin): string | null {
    if (entries.length === 0) return null;
    const caller = actorOf(origin);
    const occurredAt = new Date().toISOString();
    const events = entries.map((entry) => {
      const actor = entry.actor === undefined ? caller : entry.actor;
      const fields = {
        id: randomUUID(),
        occurredAt,
        actorId: actor?.id ?? null,
        actorRole: actor ? actor.role : origin ? 'anonymous' : 'system',
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        requestId: origin?.requestId ?? null,
        ip: origin?.ip ?? null,
        changes: entry.changes ?? null,
      };
      const template = auditHashTemplate(fields);
      return { ...fields, hashHead: template.head, hashTail: template.tail };
    });
    return `SELECT audit_append(${AUDIT_CHAIN_LOCK}, ${pg.escapeLiteral(JSON.stringify(events))}::jsonb)`;
  }
}
