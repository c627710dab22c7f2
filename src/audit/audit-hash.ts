import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';

/** The fields an audit hash covers: every field of the event but the hash itself. */
export interface HashedAuditFields {
  id: string;
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  ip: string | null;
  changes: unknown;
  prevHash: string | null;
}

/** SHA-256 over the canonical JSON of the event's fields, prevHash included: altering any link breaks the chain. */
export function auditHash(event: HashedAuditFields): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        id: event.id,
        seq: event.seq,
        occurredAt: event.occurredAt,
        actorId: event.actorId,
        actorRole: event.actorRole,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        requestId: event.requestId,
        ip: event.ip,
        changes: event.changes ?? null,
        prevHash: event.prevHash,
      }),
    )
    .digest('hex');
}
