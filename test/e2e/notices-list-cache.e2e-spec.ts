import { sharedNotice } from '../factories/notices.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';

/**
 * Notice lists and reads take each notice's JSON from a cache keyed by the notice's state (NoticeJsonCache); the
 * database still decides which notices a caller sees. These tests list or read first, so the cache holds the old
 * state, then change.
 */
describe('notices: lists and reads served from cached views', () => {
  let test: TestApp;
  let secretariat: TestUser;
  let fr: TestUser;
  let de: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    [secretariat, fr, de] = await Promise.all([
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE'),
    ]);
  });
  afterAll(() => test.close());

  const list = async (user: TestUser, query = '') =>
    (await test.http.get(`/api/v1/notices${query}`).set(bearer(user)).expect(200)).body as {
      data: { id: string; title: string; version: number; status: string; audience: unknown }[];
      nextCursor: string | null;
    };
  const edit = (id: string, version: number, body: Record<string, unknown>) =>
    test.http
      .patch(`/api/v1/notices/${id}`)
      .set(bearer(secretariat))
      .set('If-Match', `"${version}"`)
      .send(body)
      .expect(200)
      .then((answer) => answer.body as { version: number });

  it('shows a notice as it is now after every change, never as the list last showed it', async () => {
    const notice = await sharedNotice(test, secretariat, secretariat, { title: 'cachetest first title' });
    expect((await list(fr, '?q=cachetest')).data.map((item) => item.title)).toEqual(['cachetest first title']);

    const edited = await edit(notice.id, notice.version, { title: 'cachetest second title' });
    const afterEdit = (await list(fr, '?q=cachetest')).data;
    expect(afterEdit.map((item) => [item.title, item.version])).toEqual([['cachetest second title', edited.version]]);

    await test.http.post(`/api/v1/notices/${notice.id}/archive`).set(bearer(secretariat)).expect(200);
    expect((await list(fr, '?q=cachetest')).data.map((item) => item.status)).toEqual(['archived']);
  });

  it('lists exactly what reading each notice answers, page after page', async () => {
    for (let index = 0; index < 5; index++) {
      await sharedNotice(test, secretariat, secretariat, { title: `pagetest ${index}`, tags: [`t${index}`] });
    }
    // The first round reads the notices in full and caches them; the second answers from the cache.
    for (let round = 0; round < 2; round++) {
      let cursor: string | null = null;
      const seen: string[] = [];
      do {
        const page = await list(fr, `?q=pagetest&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        for (const item of page.data) {
          const one = await test.http.get(`/api/v1/notices/${item.id}`).set(bearer(fr)).expect(200);
          expect(item).toEqual(one.body);
          seen.push(item.id);
        }
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    }
  });

  it('answers a conditional or HEAD request for a cached page with the same JSON and headers', async () => {
    await sharedNotice(test, secretariat, secretariat, { title: 'conditionaltest notice' });
    const path = '/api/v1/notices?q=conditionaltest';
    await list(fr, '?q=conditionaltest');
    const plain = await test.http.get(path).set(bearer(fr)).expect(200);
    // With If-None-Match the page goes through Express, which serialises it again (SerializedAnswer.toJSON).
    const conditional = await test.http.get(path).set(bearer(fr)).set('If-None-Match', '"1"').expect(200);
    expect(conditional.text).toBe(plain.text);
    expect(conditional.headers['content-type']).toBe(plain.headers['content-type']);
    const head = await test.http.head(path).set(bearer(fr)).expect(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(plain.text)));
  });

  it('never widens who sees a notice: a cached notice whose audience changes leaves the lists it left', async () => {
    const notice = await sharedNotice(test, secretariat, secretariat, {
      title: 'audiencetest notice',
      audience: { scope: 'selected', memberCodes: ['DE'] },
    });
    expect((await list(de, '?q=audiencetest')).data.map((item) => item.id)).toEqual([notice.id]);
    expect((await list(fr, '?q=audiencetest')).data).toEqual([]);

    await edit(notice.id, notice.version, { audience: { scope: 'selected', memberCodes: ['FR'] } });
    expect((await list(de, '?q=audiencetest')).data).toEqual([]);
    const forFrance = (await list(fr, '?q=audiencetest')).data;
    expect(forFrance.map((item) => [item.id, item.audience])).toEqual([
      [notice.id, { scope: 'selected', memberCodes: ['FR'] }],
    ]);
  });

  const read = (user: TestUser, id: string) => test.http.get(`/api/v1/notices/${id}`).set(bearer(user));

  it('reads a notice as it is now, with the ETag of that version, after a list or a read cached it', async () => {
    const notice = await sharedNotice(test, secretariat, secretariat, { title: 'readtest first title' });
    const [listed] = (await list(fr, '?q=readtest')).data;
    const first = await read(fr, notice.id).expect(200);
    expect(first.body).toEqual(listed);
    expect(first.headers.etag).toBe(`"${notice.version}"`);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await read(fr, notice.id).expect(200)).text).toBe(first.text);

    const edited = await edit(notice.id, notice.version, { title: 'readtest second title' });
    const second = await read(fr, notice.id).expect(200);
    expect([second.body.title, second.body.version]).toEqual(['readtest second title', edited.version]);
    expect(second.headers.etag).toBe(`"${edited.version}"`);
    await read(fr, notice.id).set('If-None-Match', `"${edited.version}"`).expect(304);
    const stale = await read(fr, notice.id).set('If-None-Match', `"${notice.version}"`).expect(200);
    expect(stale.body).toEqual(second.body);
  });

  it('audits every read of a RED notice, even one that lists and earlier reads have cached', async () => {
    const red = await sharedNotice(test, secretariat, secretariat, {
      title: 'redtest notice',
      tlp: 'RED',
      audience: { scope: 'selected', memberCodes: ['FR'] },
    });
    await list(fr, '?q=redtest');
    const head = await auditHead(test.dataSource);
    const first = await read(fr, red.id).expect(200);
    const second = await read(fr, red.id).expect(200);
    expect(second.body).toEqual(first.body);
    expect(first.headers.etag).toBe(`"${red.version}"`);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => [event.action, event.entity_id, event.actor_id])).toEqual([
      ['notice.red_read', red.id, fr.id],
      ['notice.red_read', red.id, fr.id],
    ]);
  });

  it('answers 404 for a notice read before whose audience no longer includes the caller', async () => {
    const notice = await sharedNotice(test, secretariat, secretariat, {
      title: 'leavetest notice',
      audience: { scope: 'selected', memberCodes: ['DE'] },
    });
    await read(de, notice.id).expect(200);
    await read(fr, notice.id).expect(404);
    await edit(notice.id, notice.version, { audience: { scope: 'selected', memberCodes: ['FR'] } });
    const gone = await read(de, notice.id).expect(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    await read(fr, notice.id).expect(200);
  });
});
