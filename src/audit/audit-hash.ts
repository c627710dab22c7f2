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

/** The hashed fields in canonical (sorted) order. */
const HASHED_FIELDS = (
  [
    'id',
    'seq',
    'occurredAt',
    'actorId',
    'actorRole',
    'action',
    'entityType',
    'entityId',
    'requestId',
    'ip',
    'changes',
    'prevHash',
  ] satisfies (keyof HashedAuditFields)[]
).sort();

/**
 * `canonicalJson` of the event's fields, written field by field: the same text, without building and sorting an
 * object per event (the verifier hashes a million of them).
 */
export function canonicalAuditText(event: HashedAuditFields): string {
  let text = '';
  for (const field of HASHED_FIELDS) {
    const value = field === 'changes' ? (event.changes ?? null) : event[field];
    if (value === undefined) continue;
    const json = typeof value === 'object' && value !== null ? canonicalJson(value) : JSON.stringify(value);
    text += `${text ? ',' : '{'}"${field}":${json}`;
  }
  return `${text || '{'}}`;
}

/** SHA-256 over the canonical JSON of the event's fields, prevHash included: altering any link breaks the chain. */
export function auditHash(event: HashedAuditFields): string {
  return createHash('sha256').update(canonicalAuditText(event)).digest('hex');
}

/** An event's canonical text with its place in the chain left open: `head` + prevHash + `tail` + seq + `}`. */
export interface AuditHashTemplate {
  head: string;
  tail: string;
}

const OPEN_LINK = '"prevHash":null,';

/**
 * The canonical text {@link auditHash} covers, split where prevHash and seq go (they sort last but one and last,
 * with only requestId between them), so the database can link an event under the chain's lock
 * (`audit_append`) and compute the very hash the verifier recomputes.
 */
export function auditHashTemplate(event: Omit<HashedAuditFields, 'seq' | 'prevHash'>): AuditHashTemplate {
  const text = canonicalJson({ ...event, changes: event.changes ?? null, prevHash: null, seq: 0 });
  const at = text.lastIndexOf(OPEN_LINK);
  return {
    head: text.slice(0, at + OPEN_LINK.length - 'null,'.length),
    tail: text.slice(at + OPEN_LINK.length - 1, -'0}'.length),
  };
}

/** What `audit_append` computes in SQL; here so a test can hold the two definitions of the hash together. */
export function linkedAuditHash(template: AuditHashTemplate, prevHash: string | null, seq: number): string {
  return createHash('sha256')
    .update(`${template.head}${JSON.stringify(prevHash)}${template.tail}${seq}}`)
    .digest('hex');
}
