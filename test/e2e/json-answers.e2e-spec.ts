import { draftNotice, noticeInput } from '../factories/notices.js';
import { draftProposal } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** JSON answers are written straight to the socket (JsonAnswersAdapter): the same bytes and headers as before. */
describe('JSON answers', () => {
  let test: TestApp;
  let secretariat: TestUser;
  let notice: { id: string; version: number };
  const title = 'Désinformation ciblant le scrutin — 選挙 🗳️';

  beforeAll(async () => {
    test = await startTestApp();
    secretariat = await signedIn(test, 'secretariat');
    notice = await draftNotice(test, secretariat, { title });
  });
  afterAll(() => test.close());

  it('sends UTF-8 JSON with its byte length, for a record and for a page', async () => {
    for (const path of [`/api/v1/notices/${notice.id}`, '/api/v1/notices?status=draft']) {
      const answer = await test.http.get(path).set(bearer(secretariat)).buffer(true).expect(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      const bytes = Buffer.from(answer.text, 'utf8');
      expect(Number(answer.headers['content-length'])).toBe(bytes.length);
      expect(answer.text).toContain(title);
      expect(JSON.parse(answer.text)).toEqual(answer.body);
    }
  });

  it('answers HEAD with the same headers and no body', async () => {
    const get = await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(secretariat)).expect(200);
    const head = await test.http.head(`/api/v1/notices/${notice.id}`).set(bearer(secretariat)).expect(200);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.text ?? '').toBe('');
  });

  it('answers a conditional GET whose ETag still matches with 304 and no body', async () => {
    const get = await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(secretariat)).expect(200);
    expect(get.headers.etag).toBe(`"${notice.version}"`);
    const again = await test.http
      .get(`/api/v1/notices/${notice.id}`)
      .set(bearer(secretariat))
      .set('If-None-Match', get.headers.etag)
      .expect(304);
    expect(again.text ?? '').toBe('');
    await test.http
      .get(`/api/v1/notices/${notice.id}`)
      .set(bearer(secretariat))
      .set('If-None-Match', '"999"')
      .expect(200);
  });

  it('answers a conditional GET or HEAD of a record answered in full with the whole answer and its headers', async () => {
    const proposal = await draftProposal(test, secretariat);
    const url = `/api/v1/proposals/${proposal.id}`;
    const get = await test.http.get(url).set(bearer(secretariat)).expect(200);
    const again = await test.http.get(url).set(bearer(secretariat)).set('If-None-Match', get.headers.etag).expect(200);
    const head = await test.http.head(url).set(bearer(secretariat)).set('If-None-Match', get.headers.etag).expect(200);
    for (const answer of [again, head]) {
      expect([answer.headers.etag, answer.headers['content-type'], answer.headers['content-length']]).toEqual([
        get.headers.etag,
        get.headers['content-type'],
        get.headers['content-length'],
      ]);
    }
    expect(again.body).toEqual(get.body);
    expect(head.text ?? '').toBe('');
  });

  it('keeps problem+json for errors and 201 with JSON for creations', async () => {
    const missing = await test.http
      .get('/api/v1/notices/00000000-0000-4000-8000-000000000000')
      .set(bearer(secretariat))
      .expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const created = await test.http
      .post('/api/v1/notices')
      .set(bearer(secretariat))
      .send(noticeInput({ title: 'Créé' }))
      .expect(201);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(created.headers['content-length'])).toBe(Buffer.byteLength(created.text));
  });
});
