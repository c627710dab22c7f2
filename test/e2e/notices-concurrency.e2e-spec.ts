import { nextReference } from '../../src/notices/notice-references.js';
import { draftNotice, noticeInput, sharedNotice } from '../factories/notices.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('notices: preconditions and concurrency', () => {
  let test: TestApp;
  let fr: TestUser;
  let de: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    [fr, de] = await Promise.all([signedIn(test, 'focal_point', 'FR'), signedIn(test, 'focal_point', 'DE')]);
  });
  afterAll(() => test.close());

  const url = (id: string, step = '') => `/api/v1/notices/${id}${step ? `/${step}` : ''}`;
  const events = async (head: number) => (await auditEventsSince(test.dataSource, head)).map((e) => e.action);

  it('needs If-Match to edit (428), refuses a stale one (412), and honours it on transitions', async () => {
    const notice = await draftNotice(test, fr);
    const head = await auditHead(test.dataSource);
    const missing = await test.http.patch(url(notice.id)).set(bearer(fr)).send({ title: 'x' }).expect(428);
    expect(missing.body.code).toBe('precondition_required');
    await test.http.patch(url(notice.id)).set(bearer(fr)).set('If-Match', '"7"').send({ title: 'x' }).expect(412);
    await test.http.post(url(notice.id, 'submit')).set(bearer(fr)).set('If-Match', '"2"').expect(412);
    expect(await events(head)).toEqual([]);
    const unchanged = await test.http.get(url(notice.id)).set(bearer(fr)).expect(200);
    expect(unchanged.body).toEqual(expect.objectContaining({ status: 'draft', version: 1, title: notice.title }));
    expect(unchanged.headers.etag).toBe('"1"');
    await test.http.post(url(notice.id, 'submit')).set(bearer(fr)).set('If-Match', '"1"').expect(200);
  });

  it('creates one notice from 10 parallel retries with the same Idempotency-Key', async () => {
    const body = noticeInput({ title: 'Idempotent creation' });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        test.http.post('/api/v1/notices').set(bearer(fr)).set('Idempotency-Key', 'create-once-1').send(body),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const created = responses.filter((response) => response.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((response) => response.body.id)).size).toBe(1);
    const rows = await test.dataSource.query('SELECT id FROM notice WHERE title = $1', ['Idempotent creation']);
    expect(rows).toEqual([{ id: created[0].body.id }]);
    const replay = await test.http
      .post('/api/v1/notices')
      .set(bearer(fr))
      .set('Idempotency-Key', 'create-once-1')
      .send(body)
      .expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // The replay is the first answer again, byte for byte and headers included: the ETag of the version created.
    expect(replay.text).toBe(created[0].text);
    expect(created[0].headers.etag).toBe('"1"');
    expect(replay.headers.etag).toBe(created[0].headers.etag);
  });

  it('gives unique, gap-free references under concurrent creation', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        test.http
          .post('/api/v1/notices')
          .set(bearer(i % 2 ? fr : de))
          .send(noticeInput({ title: `Concurrent ${i}` })),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    const rows = (await test.dataSource.query('SELECT reference FROM notice ORDER BY reference')) as {
      reference: string;
    }[];
    const numbers = rows.map((row) => Number(row.reference.split('-')[2])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });

  it('takes back the number of a creation that rolls back', async () => {
    const runner = test.dataSource.createQueryRunner();
    await runner.startTransaction();
    const reserved = await nextReference(runner.manager);
    await runner.rollbackTransaction();
    await runner.release();
    const created = await draftNotice(test, fr);
    expect(created.reference).toBe(reserved);
  });

  it('writes a sequence past 9999 with all its digits', async () => {
    await test.dataSource.query(
      `INSERT INTO notice_reference_counter (year, last) VALUES (EXTRACT(YEAR FROM now() AT TIME ZONE 'UTC')::int, 9999)
       ON CONFLICT (year) DO UPDATE SET last = 9999`,
    );
    const created = await draftNotice(test, fr);
    expect(created.reference).toBe(`RRM-${new Date().getUTCFullYear()}-10000`);
  });

  it('records an acknowledgement racing the archive before it or not at all', async () => {
    const secretariat = await signedIn(test, 'secretariat');
    for (let round = 0; round < 15; round++) {
      const notice = await sharedNotice(test, fr, secretariat, { title: `Acknowledged or archived ${round}` });
      const head = await auditHead(test.dataSource);
      const [acknowledged, archived] = await Promise.all([
        test.http.post(url(notice.id, 'acknowledgements')).set(bearer(de)),
        test.http.post(url(notice.id, 'archive')).set(bearer(secretariat)),
      ]);
      expect(archived.status).toBe(200);
      const trail = await events(head);
      if (acknowledged.status === 201) {
        // The acknowledgement committed first: the trail says so.
        expect(trail).toEqual(['notice.acknowledged', 'notice.archived']);
      } else {
        expect(acknowledged.status).toBe(409);
        expect(trail).toEqual(['notice.archived']);
      }
    }
  });
});
