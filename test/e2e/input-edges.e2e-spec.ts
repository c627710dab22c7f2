import { noticeInput } from '../factories/notices.js';
import { openProposal, proposalInput, replyTo } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** Input at the edges of text, numbers and time: a clear 400 naming the field, and nothing changed. */
describe('input at the edges', () => {
  let test: TestApp;
  let fr: TestUser;
  let secretariat: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    [fr, secretariat] = await Promise.all([signedIn(test, 'focal_point', 'FR'), signedIn(test, 'secretariat')]);
  });
  afterAll(() => test.close());

  const noticeCount = async () => (await test.dataSource.query('SELECT count(*)::int AS n FROM notice'))[0].n;

  /** Posts a notice expecting a 400 that names `field`, and checks that nothing was written. */
  async function refusedNotice(body: Record<string, unknown> | Buffer, field: string | null) {
    const [count, head] = [await noticeCount(), await auditHead(test.dataSource)];
    const response = await test.http
      .post('/api/v1/notices')
      .set(bearer(fr))
      .set('Content-Type', 'application/json')
      // The bytes as they are: supertest would write a Buffer as JSON.
      .serialize((bytes: unknown) => bytes as string)
      .send(Buffer.isBuffer(body) ? body : JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (field) expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect([await noticeCount(), await auditHead(test.dataSource)]).toEqual([count, head]);
    return response.body;
  }

  it('refuses a body that is not UTF-8 rather than storing replacement characters', async () => {
    const body = Buffer.concat([
      Buffer.from('{"title":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(JSON.stringify(noticeInput()).replace(/^\{"title":"[^"]*/, '')),
    ]);
    const problem = await refusedNotice(body, null);
    expect(problem.detail).toBe('The request body is not valid UTF-8 text.');
  });

  it.each([
    ['a line separator', 'a\u2028b'],
    ['a paragraph separator', 'a\u2029b'],
  ])('refuses %s in a title, which is one line', async (_, title) => {
    await refusedNotice(noticeInput({ title }), 'title');
  });

  it.each([
    ['title', { title: '\u200b\u200b' }],
    ['summary', { summary: ' \u200d\ufeff ' }],
  ])('refuses a %s made only of invisible characters as blank', async (field, change) => {
    await refusedNotice(noticeInput(change), field);
  });

  it.each([
    [
      'a flag whose tag sequence ends the title',
      'Campaign seen in Edinburgh \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
    ],
    ['a joiner ending a Malayalam word', '\u0D28\u0D4D\u200D'],
    ['a direction mark after Hebrew', '\u05E9\u05DC\u05D5\u05DD!\u200F'],
    ['an emoji sequence held by joiners', 'Famille \u{1F469}\u200D\u{1F469}\u200D\u{1F467} en ligne'],
  ])('keeps invisible characters that belong to visible text: %s', async (_, title) => {
    const created = await test.http.post('/api/v1/notices').set(bearer(fr)).send(noticeInput({ title })).expect(201);
    expect(created.body.title).toBe(title);
  });

  it('refuses a tag made only of invisible characters, or holding a line separator', async () => {
    await refusedNotice(noticeInput({ tags: ['fine', '\u200b'] }), 'tags.1');
    await refusedNotice(noticeInput({ tags: ['a\u2028b'] }), 'tags.0');
  });

  it('refuses an objection whose required comment is invisible', async () => {
    const proposal = await openProposal(test, secretariat, proposalInput());
    const response = await replyTo(test, fr, proposal.id, { position: 'object', comment: '\u200b' });
    expect(response.status).toBe(400);
    const replies = await test.dataSource.query('SELECT count(*)::int AS n FROM proposal_reply');
    expect(replies[0].n).toBe(0);
  });

  it('names fields in arrays as validation does: indicators.0.value, tags.1', async () => {
    const indicator = await refusedNotice(
      noticeInput({ indicators: [{ kind: 'domain', value: 'a\u0000b' }] }),
      'indicators.0.value',
    );
    expect(indicator.errors).toEqual([{ field: 'indicators.0.value', message: 'must not contain NUL characters' }]);
    await refusedNotice(noticeInput({ tags: ['fine', 'tab\there'] }), 'tags.1');
  });

  it('stores a tag typed with a combining accent and with a composed one as one tag', async () => {
    const created = await test.http
      .post('/api/v1/notices')
      .set(bearer(fr))
      .send(noticeInput({ tags: ['e\u0301lection', '\u00e9lection'] }))
      .expect(201);
    expect(created.body.tags).toEqual(['\u00e9lection']);
  });

  it.each(['0x10', '1e1', '%205', '10.0'])(
    'refuses limit=%s: a page size is written in decimal digits',
    async (limit) => {
      const response = await test.http.get(`/api/v1/notices?limit=${limit}`).set(bearer(fr)).expect(400);
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['limit']));
    },
  );

  it('refuses a query parameter given twice, naming it', async () => {
    const response = await test.http.get('/api/v1/notices?limit=1&limit=2').set(bearer(fr)).expect(400);
    expect(response.body.errors).toEqual([{ field: 'limit', message: 'must be given once' }]);
    await test.http.get('/api/v1/notices?limit=10').set(bearer(fr)).expect(200);
    // Probes outside the API add their own parameters, and are not refused for them.
    await test.http.get('/health?probe=1&probe=2').expect(200);
  });

  it('takes offsets up to ±14:00 and refuses wider ones, as meetings do', async () => {
    await test.http.get('/api/v1/notices?from=2026-01-01T00:00:00%2B14:00').set(bearer(fr)).expect(200);
    const wide = await test.http.get('/api/v1/notices?from=2026-01-01T00:00:00%2B14:01').set(bearer(fr)).expect(400);
    expect(wide.body.errors.map((error: { field: string }) => error.field)).toEqual(['from']);
    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 19);
    const proposal = await test.http
      .post('/api/v1/proposals')
      .set(bearer(secretariat))
      .send(proposalInput({ deadline: `${deadline}-14:30` }))
      .expect(400);
    expect(proposal.body.errors.map((error: { field: string }) => error.field)).toEqual(['deadline']);
  });

  it.each([
    ['/api/v1/notices', 'focal_point'],
    ['/api/v1/proposals', 'focal_point'],
    ['/api/v1/meetings', 'focal_point'],
    ['/api/v1/audit-events', 'auditor'],
    ['/api/v1/reports/notices', 'secretariat'],
  ] as const)('refuses a window on %s that ends before it starts, naming to', async (path, role) => {
    const reader = role === 'focal_point' ? fr : role === 'secretariat' ? secretariat : await signedIn(test, role);
    const window = (from: string, to: string) =>
      test.http.get(`${path}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`).set(bearer(reader));
    const inverted = await window('2027-01-01T00:00:00Z', '2026-01-01T00:00:00Z').expect(400);
    expect(inverted.body.errors).toEqual([{ field: 'to', message: 'to must not be before from' }]);
    // The same instant written with two offsets is not inverted, and an empty window is a question of its own.
    await window('2027-01-01T01:00:00+01:00', '2027-01-01T00:00:00Z').expect(200);
    await window('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').expect(200);
  });
});
