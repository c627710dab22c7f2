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

/**
 * What one stretch of the chain (seqs `from`..`to`) says about itself: each event's hash recomputed, each linked to
 * the one before it inside the stretch. Its link to the stretch before it is `firstPrevHash`, checked by
 * `joinChainRanges`, so stretches can be verified at the same time.
 */
export interface ChainRangeResult {
  from: number;
  to: number;
  /** Events verified from `from` on, before the first broken one. */
  checked: number;
  firstBrokenSeq: number | null;
  /** prev_hash stored on event `from` (undefined when it is missing). */
  firstPrevHash?: string | null;
  /** hash of the last event verified (null when none was). */
  lastHash: string | null;
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

/** The last seq of the chain (0 when it is empty): what a verification started now covers. */
export async function auditChainEnd(dataSource: DataSource): Promise<number> {
  const [row] = (await dataSource.query('SELECT coalesce(max(seq), 0) AS seq FROM audit_event')) as { seq: string }[];
  return Number(row.seq);
}

/**
 * Walks seqs `from`..`to` in order, in batches, so memory stays flat however long the stretch is. Stops at the
 * first seq where content, order or linkage inside the stretch is wrong (a missing event is reported at the seq
 * that should be there).
 */
export async function verifyChainRange(dataSource: DataSource, from: number, to: number): Promise<ChainRangeResult> {
  const result: ChainRangeResult = { from, to, checked: 0, firstBrokenSeq: null, lastHash: null };
  let expectedSeq = from;
  while (expectedSeq <= to) {
    const rows = (await dataSource.query(
      `SELECT seq, id, occurred_at, actor_id, actor_role, action, entity_type, entity_id, request_id, ip, changes,
              prev_hash, hash
       FROM audit_event WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT ${BATCH}`,
      [expectedSeq, to],
    )) as Row[];
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq === from) result.firstPrevHash = row.prev_hash;
      const broken =
        seq !== expectedSeq ||
        (seq > from && row.prev_hash !== result.lastHash) ||
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
      if (broken) return { ...result, firstBrokenSeq: expectedSeq };
      result.checked++;
      result.lastHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < BATCH) break;
  }
  return expectedSeq <= to ? { ...result, firstBrokenSeq: expectedSeq } : result;
}

/**
 * The verdict on the whole chain from its stretches, in seq order and adjoining (the first from seq 1): the first
 * event must link to nothing, each stretch's first event to the last event of the one before.
 */
export function joinChainRanges(ranges: ChainRangeResult[]): VerificationResult {
  let checked = 0;
  let headHash: string | null = null;
  const brokenAt = (seq: number): VerificationResult => ({
    valid: false,
    checked,
    firstBrokenSeq: seq,
    headSeq: checked ? seq - 1 : null,
    headHash,
  });
  for (const range of ranges) {
    if (range.checked > 0 && range.firstPrevHash !== headHash) return brokenAt(range.from);
    checked += range.checked;
    if (range.checked > 0) headHash = range.lastHash;
    if (range.firstBrokenSeq !== null) return brokenAt(range.firstBrokenSeq);
  }
  return { valid: true, checked, firstBrokenSeq: null, headSeq: checked || null, headHash };
}

/** Verifies the chain as it stands when called, in one stretch (the shell's `audit:verify` splits it). */
export async function verifyAuditChain(dataSource: DataSource): Promise<VerificationResult> {
  const end = await auditChainEnd(dataSource);
  return joinChainRanges(end === 0 ? [] : [await verifyChainRange(dataSource, 1, end)]);
}

/** `end` seqs cut into `parts` adjoining stretches of nearly equal length. */
export function splitChain(end: number, parts: number): [number, number][] {
  const size = Math.ceil(end / Math.max(1, parts));
  const ranges: [number, number][] = [];
  for (let from = 1; from <= end; from += size) ranges.push([from, Math.min(end, from + size - 1)]);
  return ranges;
}
