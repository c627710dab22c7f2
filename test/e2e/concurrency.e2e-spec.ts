import { draftNotice, noticeInput } from '../factories/notices.js';
import { G7, openProposal, replyTo } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** Many clients at once on one record: exactly one winner, or exactly one result, and an intact audit chain. */
describe('concurrency', () => {
  let test: TestApp;
  let secretariat: TestUser;
  let auditor: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    secretariat = await signedIn(test, 'secretariat');
    auditor = await signedIn(test, 'auditor');
  });
  afterAll(() => test.close());

  it('lets exactly one of 20 parallel PATCHes with the same ETag win; the rest get 412', async () => {
    const notice = await draftNotice(test, secretariat);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        test.http
          .patch(`/api/v1/notices/${notice.id}`)
          .set(bearer(secretariat))
          .set('If-Match', `"${notice.version}"`)
          .send({ title: `Edited by client ${index}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(19);
    const winner = answers.find((answer) => answer.status === 200)!;
    const stored = await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(secretariat)).expect(200);
    expect(stored.body.title).toBe(winner.body.title);
    expect(stored.body.version).toBe(notice.version + 1);
    const [events] = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'notice.updated' AND entity_id = $1`,
      [notice.id],
    );
    expect(events.n).toBe(1);
  });

  it('creates one record from 20 parallel POSTs with one Idempotency-Key', async () => {
    const body = noticeInput({ title: 'Sent twenty times' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        test.http.post('/api/v1/notices').set(bearer(secretariat)).set('Idempotency-Key', 'twenty-times').send(body),
      ),
    );
    expect(answers.every((answer) => [201, 409].includes(answer.status))).toBe(true);
    const ids = new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id));
    expect(ids.size).toBe(1);
    const [rows] = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM notice WHERE title = 'Sent twenty times'`,
    );
    expect(rows.n).toBe(1);
  });

  it('keeps one current reply per member under 50 parallel replies, and the audit chain unbroken', async () => {
    const proposal = await openProposal(test, secretariat, { decisionRule: 'consensus' });
    const focalPoints: TestUser[] = [];
    for (const code of G7) {
      for (let alternate = 0; alternate < 2; alternate++) focalPoints.push(await signedIn(test, 'focal_point', code));
    }
    const positions = ['support', 'abstain', 'support'];
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        replyTo(test, focalPoints[index % focalPoints.length], proposal.id, { position: positions[index % 3] }),
      ),
    );
    expect(answers.every((answer) => [200, 201].includes(answer.status))).toBe(true);
    const current = await test.dataSource.query(
      `SELECT member_code, count(*)::int AS n FROM proposal_reply WHERE proposal_id = $1 AND current GROUP BY member_code`,
      [proposal.id],
    );
    expect(current).toHaveLength(G7.length);
    expect(current.every((row: { n: number }) => row.n === 1)).toBe(true);
    const verify = await test.http.get('/api/v1/audit-events/verify').set(bearer(auditor)).expect(200);
    expect(verify.body).toEqual(expect.objectContaining({ valid: true, firstBrokenSeq: null }));
  });

  it('appends the audit events of 30 parallel edits of different notices as one unbroken chain', async () => {
    const notices = await Promise.all(Array.from({ length: 30 }, () => draftNotice(test, secretariat)));
    const [before] = await test.dataSource.query('SELECT max(seq)::int AS seq FROM audit_event');
    const answers = await Promise.all(
      notices.map((notice, index) =>
        test.http
          .patch(`/api/v1/notices/${notice.id}`)
          .set(bearer(secretariat))
          .set('If-Match', `"${notice.version}"`)
          .send({ title: `Edited in parallel ${index}` }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(notices.map(() => 200));
    const appended = await test.dataSource.query(
      `SELECT seq::int AS seq, entity_id AS "entityId" FROM audit_event WHERE seq > $1 ORDER BY seq`,
      [before.seq],
    );
    expect(appended.map((event: { seq: number }) => event.seq)).toEqual(
      Array.from({ length: 30 }, (_, index) => before.seq + index + 1),
    );
    expect(new Set(appended.map((event: { entityId: string }) => event.entityId))).toEqual(
      new Set(notices.map((notice) => notice.id)),
    );
    const verify = await test.http.get('/api/v1/audit-events/verify').set(bearer(auditor)).expect(200);
    expect(verify.body).toEqual(expect.objectContaining({ valid: true, firstBrokenSeq: null }));
  });
});
