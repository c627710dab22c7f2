import type { DataSource } from 'typeorm';

export interface StoredAuditEvent {
  seq: string;
  action: string;
  actor_id: string | null;
  actor_role: string | null;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  ip: string | null;
  changes: Record<string, unknown> | null;
}

/** Audit events written after `afterSeq`, oldest first. */
export async function auditEventsSince(dataSource: DataSource, afterSeq: number): Promise<StoredAuditEvent[]> {
  return dataSource.query('SELECT * FROM audit_event WHERE seq > $1 ORDER BY seq', [afterSeq]);
}

export async function auditHead(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query('SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_event');
  return Number(row.seq);
}
