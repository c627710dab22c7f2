import { draftNotice, noticeInput, sharedNotice } from '../factories/notices.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('notices: authoring and life cycle', () => {
  let test: TestApp;
  let fr: TestUser;
  let frAlternate: TestUser;
  let de: TestUser;
  let secretariat: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    [fr, frAlternate, de, secretariat] = await Promise.all([
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'secretariat'),
    ]);
  });
  afterAll(() => test.close());

  const url = (id: string, step = '') => `/api/v1/notices/${id}${step ? `/${step}` : ''}`;
  const count = async () => Number((await test.dataSource.query('SELECT count(*) AS n FROM notice'))[0].n);
  const events = async (head: number) => (await auditEventsSince(test.dataSource, head)).map((e) => e.action);

  it('creates a draft with a reference, normalised fields and the author’s member as source, and audits it', async () => {
    const head = await auditHead(test.dataSource);
    const response = await test.http
      .post('/api/v1/notices')
      .set(bearer(fr))
      .send(
        noticeInput({
          tags: ['  Spamouflage ', 'SPAMOUFLAGE', 'Inauthentic   Amplification'],
          indicators: [
            { kind: 'domain', value: 'News-Site.Example' },
            { kind: 'hashtag', value: 'StopTheVote' },
          ],
          targetedCountries: ['MD', 'NATO', 'MD'],
        }),
      )
      .expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      reference: expect.stringMatching(new RegExp(`^RRM-${new Date().getUTCFullYear()}-\\d{4,}$`)),
      title: 'Inauthentic amplification of a narrative about the election',
      summary: 'A network of accounts amplifies claims of fraud ahead of the vote.',
      body: expect.stringContaining('coordinated posting'),
      category: 'disinformation_media',
      tlp: 'GREEN',
      priority: 'routine',
      audience: { scope: 'all', memberCodes: [] },
      tags: ['spamouflage', 'inauthentic amplification'],
      indicators: [
        { kind: 'domain', value: 'news-site.example' },
        { kind: 'hashtag', value: '#StopTheVote' },
      ],
      targetedCountries: ['MD', 'NATO'],
      sourceMemberCode: 'FR',
      status: 'draft',
      exercise: false,
      createdBy: fr.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      submittedAt: null,
      sharedAt: null,
      rejectedAt: null,
      archivedAt: null,
      rejectionReason: null,
      version: 1,
    });
    expect(response.headers.etag).toBe('"1"');
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(
      expect.objectContaining({ action: 'notice.created', entity_type: 'notice', entity_id: response.body.id }),
    );
    expect(event.actor_id).toBe(fr.id);
    // Exactly the notice as created, reference and timestamps included, and the chain still verifies.
    expect(event.changes).toEqual({ after: response.body });
    const fetched = await test.http.get(`/api/v1/notices/${response.body.id}`).set(bearer(fr)).expect(200);
    expect(fetched.body).toEqual(response.body);
    const auditor = await signedIn(test, 'auditor');
    const verification = await test.http.get('/api/v1/audit-events/verify').set(bearer(auditor)).expect(200);
    expect(verification.body.valid).toBe(true);
  });

  it('files the secretariat’s own notices under CA, Canada running the secretariat', async () => {
    const notice = await draftNotice(test, secretariat);
    expect(notice.sourceMemberCode).toBe('CA');
  });

  it.each([
    ['an unknown property', { secret: 1 }, 'secret'],
    ['no title', { title: undefined }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title of two lines', { title: 'Election\r\nBcc: someone@example.org' }, 'title'],
    ['an unknown category', { category: 'espionage' }, 'category'],
    ['an unknown marking', { tlp: 'AMBER+STRICT' }, 'tlp'],
    ['no audience', { audience: undefined }, 'audience'],
    ['RED to everyone', { tlp: 'RED', audience: { scope: 'all' } }, 'audience.scope'],
    ['RED to the members', { tlp: 'RED', audience: { scope: 'members' } }, 'audience.scope'],
    ['a selected audience without codes', { audience: { scope: 'selected', memberCodes: [] } }, 'audience.memberCodes'],
    [
      'a selected audience naming no member',
      { audience: { scope: 'selected', memberCodes: ['XX'] } },
      'audience.memberCodes',
    ],
    ['codes with scope all', { audience: { scope: 'all', memberCodes: ['FR'] } }, 'audience.memberCodes'],
    ['a URL indicator without scheme', { indicators: [{ kind: 'url', value: 'example.org/x' }] }, 'indicators.0.value'],
    ['an unknown indicator kind', { indicators: [{ kind: 'ip', value: '192.0.2.1' }] }, 'indicators.0.kind'],
    ['an indicator with extra fields', { indicators: [{ kind: 'other', value: 'x', note: 'y' }] }, 'indicators.0.note'],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `tag ${i}`) }, 'tags'],
    ['a country name', { targetedCountries: ['Ukraine'] }, 'targetedCountries.0'],
    ['an unknown long code', { targetedCountries: ['ZZZ'] }, 'targetedCountries'],
    ['a reserved code that is no country', { targetedCountries: ['GB', 'UK'] }, 'targetedCountries'],
    ['an unassigned two-letter code', { targetedCountries: ['ZZ'] }, 'targetedCountries'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_, overrides, field) => {
    const before = await count();
    const response = await test.http.post('/api/v1/notices').set(bearer(fr)).send(noticeInput(overrides)).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('runs draft → submitted → shared → archived, each step audited with its field changes', async () => {
    const notice = await draftNotice(test, fr);
    let head = await auditHead(test.dataSource);
    // Any focal point of the author's member edits the draft.
    const edited = await test.http
      .patch(url(notice.id))
      .set(bearer(frAlternate))
      .set('If-Match', '"1"')
      .send({ title: 'A sharper title', tags: ['Elections'] })
      .expect(200);
    expect(edited.body).toEqual(expect.objectContaining({ title: 'A sharper title', tags: ['elections'], version: 2 }));
    expect(edited.headers.etag).toBe('"2"');
    const [updated] = await auditEventsSince(test.dataSource, head);
    expect(updated.action).toBe('notice.updated');
    expect(updated.changes).toEqual({
      title: { from: 'Inauthentic amplification of a narrative about the election', to: 'A sharper title' },
      tags: { from: ['inauthentic amplification', 'elections'], to: ['elections'] },
    });

    head = await auditHead(test.dataSource);
    const submitted = await test.http.post(url(notice.id, 'submit')).set(bearer(fr)).expect(200);
    expect(submitted.body).toEqual(
      expect.objectContaining({ status: 'submitted', submittedAt: expect.any(String), sharedAt: null, version: 3 }),
    );
    const [submittedEvent] = await auditEventsSince(test.dataSource, head);
    expect(submittedEvent.action).toBe('notice.submitted');
    expect(submittedEvent.changes).toEqual({
      status: { from: 'draft', to: 'submitted' },
      submittedAt: { from: null, to: submitted.body.submittedAt },
    });

    // The author may no longer edit; the secretariat may.
    const refused = await test.http
      .patch(url(notice.id))
      .set(bearer(fr))
      .set('If-Match', '"3"')
      .send({ title: 'x' })
      .expect(409);
    expect(refused.body.code).toBe('invalid_state');
    expect(refused.body.detail).toContain('submitted');
    await test.http
      .patch(url(notice.id))
      .set(bearer(secretariat))
      .set('If-Match', '"3"')
      .send({ priority: 'priority' })
      .expect(200);

    head = await auditHead(test.dataSource);
    const shared = await test.http.post(url(notice.id, 'share')).set(bearer(secretariat)).expect(200);
    expect(shared.body).toEqual(expect.objectContaining({ status: 'shared', sharedAt: expect.any(String) }));
    expect(await events(head)).toEqual(['notice.shared']);

    head = await auditHead(test.dataSource);
    const archived = await test.http.post(url(notice.id, 'archive')).set(bearer(secretariat)).expect(200);
    expect(archived.body).toEqual(expect.objectContaining({ status: 'archived', archivedAt: expect.any(String) }));
    const [archivedEvent] = await auditEventsSince(test.dataSource, head);
    expect(archivedEvent.action).toBe('notice.archived');
    expect(archivedEvent.changes).toEqual(expect.objectContaining({ status: { from: 'shared', to: 'archived' } }));

    const frozen = await test.http
      .patch(url(notice.id))
      .set(bearer(secretariat))
      .set('If-Match', `"${archived.body.version}"`)
      .send({ title: 'too late' })
      .expect(409);
    expect(frozen.body.detail).toContain('archived');
  });

  it('lets the secretariat share a draft directly (no submission time) and reject a submitted one with a reason', async () => {
    const direct = await draftNotice(test, fr);
    const shared = await test.http.post(url(direct.id, 'share')).set(bearer(secretariat)).expect(200);
    expect(shared.body).toEqual(expect.objectContaining({ status: 'shared', submittedAt: null }));

    const notice = await draftNotice(test, fr);
    await test.http.post(url(notice.id, 'submit')).set(bearer(fr)).expect(200);
    await test.http.post(url(notice.id, 'reject')).set(bearer(secretariat)).send({}).expect(400);
    await test.http.post(url(notice.id, 'reject')).set(bearer(secretariat)).send({ reason: '  ' }).expect(400);
    const head = await auditHead(test.dataSource);
    const rejected = await test.http
      .post(url(notice.id, 'reject'))
      .set(bearer(secretariat))
      .send({ reason: 'Already shared as RRM-2026-0001.' })
      .expect(200);
    expect(rejected.body).toEqual(
      expect.objectContaining({ status: 'rejected', rejectionReason: 'Already shared as RRM-2026-0001.' }),
    );
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event.action).toBe('notice.rejected');
    expect(event.changes).toEqual(
      expect.objectContaining({
        status: { from: 'submitted', to: 'rejected' },
        rejectionReason: { from: null, to: 'Already shared as RRM-2026-0001.' },
      }),
    );
    // The author's member reads the reason.
    const read = await test.http.get(url(notice.id)).set(bearer(frAlternate)).expect(200);
    expect(read.body.rejectionReason).toBe('Already shared as RRM-2026-0001.');
  });

  it.each([
    ['submit', 'shared', 'fr'],
    ['share', 'shared', 'secretariat'],
    ['share', 'rejected', 'secretariat'],
    ['reject', 'draft', 'secretariat'],
    ['reject', 'shared', 'secretariat'],
    ['archive', 'draft', 'secretariat'],
    ['archive', 'submitted', 'secretariat'],
  ])('refuses to %s a %s notice with 409 naming its state, changing nothing', async (step, state, who) => {
    const notice = await draftNotice(test, fr);
    if (state !== 'draft') await test.http.post(url(notice.id, 'submit')).set(bearer(fr)).expect(200);
    if (state === 'shared') await test.http.post(url(notice.id, 'share')).set(bearer(secretariat)).expect(200);
    if (state === 'rejected') {
      await test.http.post(url(notice.id, 'reject')).set(bearer(secretariat)).send({ reason: 'No.' }).expect(200);
    }
    const head = await auditHead(test.dataSource);
    const caller = who === 'fr' ? fr : secretariat;
    const response = await test.http
      .post(url(notice.id, step))
      .set(bearer(caller))
      .send(step === 'reject' ? { reason: 'Because.' } : {})
      .expect(409);
    expect(response.body).toEqual(expect.objectContaining({ status: 409, code: 'invalid_state' }));
    expect(response.body.detail).toContain(`is ${state}`);
    expect(await events(head)).toEqual([]);
    const after = await test.http.get(url(notice.id)).set(bearer(secretariat)).expect(200);
    expect(after.body.status).toBe(state);
  });

  it('answers 404 to those who cannot see a notice and 403 to those who see it without the right', async () => {
    const draft = await draftNotice(test, fr);
    await test.http.post(url(draft.id, 'submit')).set(bearer(de)).expect(404);
    await test.http.patch(url(draft.id)).set(bearer(de)).set('If-Match', '"1"').send({ title: 'x' }).expect(404);
    // The secretariat sees a member's draft but is not its author.
    await test.http.post(url(draft.id, 'submit')).set(bearer(secretariat)).expect(403);
    const shared = await sharedNotice(test, fr, secretariat);
    const response = await test.http
      .patch(url(shared.id))
      .set(bearer(de))
      .set('If-Match', `"${shared.version}"`)
      .send({ title: 'x' })
      .expect(403);
    expect(response.body.code).toBe('forbidden');
    // Transition routes are the secretariat's.
    await test.http.post(url(draft.id, 'share')).set(bearer(fr)).expect(403);
  });

  it('keeps RED for selected audiences when an edit would break the rule', async () => {
    const notice = await draftNotice(test, fr);
    const edit = (body: Record<string, unknown>, version: number) =>
      test.http.patch(url(notice.id)).set(bearer(fr)).set('If-Match', `"${version}"`).send(body);
    const refused = await edit({ tlp: 'RED' }, 1).expect(400);
    expect(refused.body.errors[0].field).toBe('audience.scope');
    await edit({ tlp: 'RED', audience: { scope: 'selected', memberCodes: ['DE'] } }, 1).expect(200);
    await edit({ audience: { scope: 'members' } }, 2).expect(400);
    await edit({ title: null }, 2).expect(400);
    const unchanged = await test.http.get(url(notice.id)).set(bearer(fr)).expect(200);
    expect(unchanged.body).toEqual(
      expect.objectContaining({ tlp: 'RED', audience: { scope: 'selected', memberCodes: ['DE'] }, version: 2 }),
    );
  });

  it('shows a notice the same in a list as on its own, timestamps in UTC to the millisecond', async () => {
    const notice = await sharedNotice(test, fr, secretariat, { title: 'Same in list and record' });
    // Shared times keep microseconds in the database; the API shows milliseconds, truncated, everywhere.
    await test.dataSource.query(
      `UPDATE notice SET shared_at = '2026-03-04 06:06:07.123999+01', submitted_at = '2026-03-04 05:00:00+00'
       WHERE id = $1`,
      [notice.id],
    );
    const one = await test.http.get(url(notice.id)).set(bearer(de)).expect(200);
    const list = await test.http.get('/api/v1/notices').query({ q: 'Same in list' }).set(bearer(de)).expect(200);
    expect(one.body).toEqual(
      expect.objectContaining({ sharedAt: '2026-03-04T05:06:07.123Z', submittedAt: '2026-03-04T05:00:00.000Z' }),
    );
    expect(one.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(list.body.data).toEqual([one.body]);
  });
});
