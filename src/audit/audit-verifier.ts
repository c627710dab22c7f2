import type { DataSource } from 'typeorm';
import { auditHash } from './audit-hash.js';

export interface VerificationResult {
  valid: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  /** The last event checked: keep it outside the database as a checkpoint. */
  headSeq: number | null;
  headHash: string | null;
}

interface Row {
  seq: string;
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  ip: string | null;
  changes: unknown;
  prev_hash: string | null;
  hash: string;
}

const BATCH = 5_000;

/**
 * Walks the whole chain in seq order, in batches, so memory stays flat however long it is. Reports the first
 * seq where content, order or linkage is wrong (a missing event is reported at the seq that should be there).
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<VerificationResult> {
  let expectedSeq = 1;
  let prevHash: string | null = null;
  let checked = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT seq, id, occurred_at, actor_id, actor_role, action, entity_type, entity_id, request_id, ip, changes,
              prev_hash, hash
       FROM audit_event WHERE seq >= $1 ORDER BY seq LIMIT ${BATCH}`,
      [expectedSeq],
    )) as Row[];
    for (const row of rows) {
      const seq = Number(row.seq);
      const broken =
        seq !== expectedSeq ||
        row.prev_hash !== prevHash ||
        auditHash({
          id: row.id,
          seq,
          occurredAt: new Date(row.occurred_at).toISOString(),
          actorId: row.actor_id,
          actorRole: row.actor_role,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          requestId: row.request_id,
          ip: row.ip,
          changes: row.changes,
          prevHash: row.prev_hash,
        }) !== row.hash;
      if (broken) {
        return {
          valid: false,
          checked,
          firstBrokenSeq: expectedSeq,
          headSeq: checked ? expectedSeq - 1 : null,
          headHash: prevHash,
        };
      }
      checked++;
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < BATCH) break;
  }
  return { valid: true, checked, firstBrokenSeq: null, headSeq: checked ? expectedSeq - 1 : null, headHash: prevHash };
}
