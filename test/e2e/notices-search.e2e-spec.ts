import { draftNotice, sharedNotice, type NoticeBody } from '../factories/notices.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

interface Page {
  data: NoticeBody[];
  nextCursor: string | null;
}

describe('notices: lists, filters, search and pagination', () => {
  let test: TestApp;
  let fr: TestUser;
  let de: TestUser;
  let secretariat: TestUser;
  const notices: Record<string, NoticeBody> = {};

  beforeAll(async () => {
    test = await startTestApp();
    [fr, de, secretariat] = await Promise.all([
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'secretariat'),
    ]);
    notices.spamouflage = await sharedNotice(test, fr, secretariat, {
      title: 'Spamouflage campaign targets members of parliament',
      summary: 'Dozens of legislators named in coordinated posts.',
      body: 'Accounts reuse falsified audio of a minister.',
      category: 'disinformation_media',
      tlp: 'AMBER',
      priority: 'flash',
      tags: ['Spamouflage', 'Falsified Audio'],
    });
    notices.wechat = await sharedNotice(test, de, secretariat, {
      title: 'Information operation on WeChat',
      summary: 'A member of parliament is targeted.',
      body: 'Trolling and coercion into self-censorship.',
      category: 'human_rights',
      tlp: 'GREEN',
      tags: ['wechat', 'transnational repression'],
    });
    notices.university = await draftNotice(test, de, {
      title: 'Covert influence in university partnerships',
      summary: 'Technology transfer through research agreements.',
      body: 'No link with the parliament campaign.',
      category: 'economic_research_security',
      tlp: 'CLEAR',
      priority: 'priority',
      exercise: true,
      tags: ['research security'],
    });
  });
  afterAll(() => test.close());

  const list = async (user: TestUser, query: Record<string, string | number>): Promise<Page> =>
    (await test.http.get('/api/v1/notices').query(query).set(bearer(user)).expect(200)).body;
  const ids = (page: Page) => page.data.map((notice) => notice.id);

  it.each([
    ['parliament', ['spamouflage', 'wechat', 'university']],
    ['PARLIAMENT', ['spamouflage', 'wechat', 'university']],
    ['spamouflage', ['spamouflage']], // a tag and a title word
    ['falsified audio', ['spamouflage']], // words of body and tag
    ['"falsified audio"', ['spamouflage']], // a phrase
    ['self-censorship', ['wechat']], // body, hyphenated
    ['repression', ['wechat']], // a word of a tag
    ['legislators', ['spamouflage']], // summary
    ['parliament -wechat', ['spamouflage', 'university']], // exclusion
    ['wechat or university', ['wechat', 'university']],
    ['deepfake', []],
    ['parliam', []], // whole words only: the simple configuration does not stem
  ])('finds %j in title, summary, body or tags', async (q, expected) => {
    const page = await list(secretariat, { q });
    expect(ids(page).sort()).toEqual(expected.map((name) => notices[name].id).sort());
  });

  it('searches only within what the caller may see', async () => {
    // The university draft is DE's: FR does not find it, though it matches.
    expect(ids(await list(fr, { q: 'parliament' })).sort()).toEqual([notices.spamouflage.id, notices.wechat.id].sort());
  });

  it.each([
    [{ status: 'draft' }, ['university']],
    [{ status: 'shared' }, ['spamouflage', 'wechat']],
    [{ category: 'human_rights' }, ['wechat']],
    [{ tlp: 'AMBER' }, ['spamouflage']],
    [{ priority: 'flash' }, ['spamouflage']],
    [{ member: 'DE' }, ['wechat', 'university']],
    [{ tag: 'Falsified Audio' }, ['spamouflage']],
    [{ tag: 'audio' }, []],
    [{ exercise: 'true' }, ['university']],
    [{ exercise: 'false' }, ['spamouflage', 'wechat']],
    [{ member: 'DE', status: 'shared' }, ['wechat']],
    [{ q: 'parliament', category: 'disinformation_media' }, ['spamouflage']],
  ])('filters by %j', async (query, expected) => {
    const page = await list(secretariat, query as Record<string, string>);
    expect(ids(page).sort()).toEqual(expected.map((name) => notices[name].id).sort());
  });

  it('filters by creation instant: from inclusive, to exclusive', async () => {
    const at = notices.wechat.createdAt as string;
    expect(ids(await list(secretariat, { from: at }))).toEqual([notices.university.id, notices.wechat.id]);
    expect(ids(await list(secretariat, { to: at }))).toEqual([notices.spamouflage.id]);
    const offset = new Date(at).toISOString().replace('Z', '+00:00');
    expect(ids(await list(secretariat, { from: offset, to: at }))).toEqual([]);
  });

  it.each([
    [{ limit: 0 }],
    [{ limit: 101 }],
    [{ status: 'published' }],
    [{ from: '2026-01-01' }], // a date is not an instant
    [{ from: '2026-01-01T00:00:00' }], // no offset
    [{ member: 'fr' }],
    [{ exercise: 'yes' }],
    [{ colour: 'red' }],
    [{ cursor: 'not-ours' }],
    [{ cursor: Buffer.from('["yesterday","3f2b8e5c-6d1a-4c3e-9f70-2b1d8c4a5e6f"]').toString('base64url') }],
    [{ cursor: Buffer.from('["2026-01-01T00:00:00.000Z","not-an-id"]').toString('base64url') }],
  ])('refuses %j with a 400', async (query) => {
    const response = await test.http.get('/api/v1/notices').query(query).set(bearer(secretariat)).expect(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('pages newest first, each notice exactly once, even when several share a creation instant', async () => {
    const created = await Promise.all(
      Array.from({ length: 14 }, (_, i) => draftNotice(test, i % 2 ? fr : de, { title: `Paged ${i}` })),
    );
    // Six notices created in the same millisecond: the id breaks the tie.
    await test.dataSource.query(`UPDATE notice SET created_at = '2026-03-01T10:00:00.123Z' WHERE id = ANY($1)`, [
      created.slice(0, 6).map((notice) => notice.id),
    ]);
    const walk = async (user: TestUser, query: Record<string, string> = {}) => {
      const seen: NoticeBody[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await list(user, { limit: 4, ...query, ...(cursor ? { cursor } : {}) });
        expect(page.data.length).toBeLessThanOrEqual(4);
        seen.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const everything = await walk(secretariat);
    const expected = (await list(secretariat, { limit: 100 })).data;
    expect(everything.map((notice) => notice.id)).toEqual(expected.map((notice) => notice.id));
    expect(new Set(everything.map((notice) => notice.id)).size).toBe(17);
    const order = everything.map((notice) => [notice.createdAt, notice.id].join(' '));
    expect(order).toEqual([...order].sort().reverse());
    // FR sees its own drafts and the shared notices, each once, across pages.
    const frSees = await walk(fr);
    expect(frSees).toHaveLength(7 + 2);
    expect(new Set(frSees.map((notice) => notice.id)).size).toBe(9);
    // Filters hold across pages too.
    const paged = await walk(secretariat, { q: 'paged' });
    expect(paged).toHaveLength(14);
  });

  it('audits each read of a RED notice, and only of one notice, not of lists', async () => {
    const red = await sharedNotice(test, fr, secretariat, {
      tlp: 'RED',
      audience: { scope: 'selected', memberCodes: ['DE'] },
    });
    const green = notices.wechat;
    const head = await auditHead(test.dataSource);
    const read = await test.http.get(`/api/v1/notices/${red.id}`).set(bearer(de)).expect(200);
    expect(read.headers.etag).toBe(`"${red.version}"`);
    await test.http.get(`/api/v1/notices/${green.id}`).set(bearer(de)).expect(200);
    await test.http.get('/api/v1/notices').query({ tlp: 'RED' }).set(bearer(de)).expect(200);
    await test.http.get(`/api/v1/notices/${red.id}`).set(bearer(secretariat)).expect(200);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => [event.action, event.entity_id, event.actor_id])).toEqual([
      ['notice.red_read', red.id, de.id],
      ['notice.red_read', red.id, secretariat.id],
    ]);
  });
});
