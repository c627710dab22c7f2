import fc from 'fast-check';
import { canonicalJson } from '../common/canonical-json.js';
import { auditHash, auditHashTemplate, canonicalAuditText, linkedAuditHash } from './audit-hash.js';

const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

/** An event's own fields, without its changes and its place in the chain. */
const eventFields = fc.record({
  id: fc.uuid(),
  occurredAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  actorId: nullable(fc.uuid()),
  actorRole: nullable(fc.string()),
  action: fc.string(),
  entityType: fc.string(),
  entityId: nullable(fc.string()),
  requestId: nullable(fc.string()),
  ip: nullable(fc.string()),
});
const prevHash = nullable(fc.stringMatching(/^[0-9a-f]{64}$/));
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

describe('the canonical text of an audit event', () => {
  it('is canonicalJson of its fields, written field by field', () => {
    fc.assert(
      fc.property(
        eventFields,
        fc.option(fc.jsonValue(), { nil: undefined }),
        prevHash,
        seq,
        (fields, changes, prevHash, seq) => {
          const event = { ...fields, changes, prevHash, seq };
          expect(canonicalAuditText(event)).toBe(canonicalJson({ ...event, changes: changes ?? null }));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('an audit event linked by the database', () => {
  it('hashes to exactly what the verifier recomputes, whatever the fields hold', () => {
    fc.assert(
      fc.property(eventFields, nullable(fc.jsonValue()), prevHash, seq, (fields, changes, prevHash, seq) => {
        const event = { ...fields, changes };
        expect(linkedAuditHash(auditHashTemplate(event), prevHash, seq)).toBe(auditHash({ ...event, prevHash, seq }));
      }),
      { numRuns: 500 },
    );
  });

  it('changes when the link before it or its place in the chain changes', () => {
    const template = auditHashTemplate({
      id: '00000000-0000-4000-8000-000000000001',
      occurredAt: '2026-12-01T10:00:00.000Z',
      actorId: null,
      actorRole: 'system',
      action: 'notice.created',
      entityType: 'notice',
      entityId: 'x',
      requestId: '"prevHash":null,',
      ip: null,
      changes: { prevHash: null, seq: 0 },
    });
    const first = linkedAuditHash(template, null, 1);
    expect(linkedAuditHash(template, null, 2)).not.toBe(first);
    expect(linkedAuditHash(template, 'a'.repeat(64), 1)).not.toBe(first);
  });
});
