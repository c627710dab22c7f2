import { draftNotice, sharedNotice, type NoticeBody } from '../factories/notices.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('notices: reports', () => {
  let test: TestApp;
  let fr: TestUser;
  let de: TestUser;
  let au: TestUser;
  let secretariat: TestUser;
  let auditor: TestUser;
  const thisMonth = new Date().toISOString().slice(0, 7);

  /** Puts `seconds` between submission and sharing. */
  const sharedAfter = (notice: NoticeBody, seconds: number) =>
    test.dataSource.query(`UPDATE notice SET submitted_at = shared_at - make_interval(secs => $2) WHERE id = $1`, [
      notice.id,
      seconds,
    ]);
  const acknowledge = (user: TestUser, notice: NoticeBody) =>
    test.http.post(`/api/v1/notices/${notice.id}/acknowledgements`).set(bearer(user)).expect(201);

  beforeAll(async () => {
    test = await startTestApp();
    [fr, de, au, secretariat, auditor] = await Promise.all([
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'observer', 'AU'),
      signedIn(test, 'secretariat'),
      signedIn(test, 'auditor'),
    ]);
    const a = await sharedNotice(test, fr, secretariat, { category: 'disinformation_media', tlp: 'GREEN' });
    const b = await sharedNotice(test, de, secretariat, {
      category: 'human_rights',
      tlp: 'AMBER',
      priority: 'flash',
      audience: { scope: 'members' },
    });
    const c = await sharedNotice(test, fr, secretariat, {
      category: 'disinformation_media',
      tlp: 'RED',
      priority: 'priority',
      audience: { scope: 'selected', memberCodes: ['DE'] },
    });
    await draftNotice(test, fr); // drafts are not counted
    const e = await draftNotice(test, de, { category: 'human_rights' });
    await test.http.post(`/api/v1/notices/${e.id}/submit`).set(bearer(de)).expect(200);
    await test.http.post(`/api/v1/notices/${e.id}/reject`).set(bearer(secretariat)).send({ reason: 'No.' }).expect(200);
    const exercise = await sharedNotice(test, fr, secretariat, { exercise: true });
    const g = await sharedNotice(test, secretariat, secretariat, {
      category: 'economic_research_security',
      tlp: 'CLEAR',
      audience: { scope: 'selected', memberCodes: ['FR', 'AU'] },
    }); // shared as a draft: no submission time
    await Promise.all([sharedAfter(a, 60), sharedAfter(b, 120), sharedAfter(c, 300), sharedAfter(exercise, 60_000)]);
    await test.dataSource.query(`UPDATE notice SET created_at = '2026-01-15T12:00:00Z' WHERE id = $1`, [a.id]);
    await acknowledge(fr, a);
    await acknowledge(fr, g);
    await acknowledge(de, a);
    await acknowledge(de, b);
    await acknowledge(de, c);
    await acknowledge(au, exercise);
  });
  afterAll(() => test.close());

  const report = async (query: Record<string, string> = {}, user = secretariat) =>
    (await test.http.get('/api/v1/reports/notices').query(query).set(bearer(user)).expect(200)).body;
  const rate = (memberCode: string, delivered: number, acknowledged: number) => ({
    memberCode,
    delivered,
    acknowledged,
    rate: Math.round((acknowledged / delivered) * 10_000) / 10_000,
  });

  it('counts real traffic that left the draft stage, by every dimension, with time to share and receipts', async () => {
    expect(await report()).toEqual({
      from: null,
      to: null,
      exercise: false,
      total: 5,
      byStatus: [
        { key: 'rejected', count: 1 },
        { key: 'shared', count: 4 },
      ],
      byCategory: [
        { key: 'disinformation_media', count: 2 },
        { key: 'economic_research_security', count: 1 },
        { key: 'human_rights', count: 2 },
      ],
      byTlp: [
        { key: 'AMBER', count: 1 },
        { key: 'CLEAR', count: 1 },
        { key: 'GREEN', count: 2 },
        { key: 'RED', count: 1 },
      ],
      byPriority: [
        { key: 'flash', count: 1 },
        { key: 'priority', count: 1 },
        { key: 'routine', count: 3 },
      ],
      bySourceMember: [
        { key: 'CA', count: 1 },
        { key: 'DE', count: 2 },
        { key: 'FR', count: 2 },
      ],
      byMonth: [
        { key: '2026-01', count: 1 },
        { key: thisMonth, count: 4 },
      ],
      // 60, 120 and 300 seconds: median 120; p90 = 120 + 0.8 × 180 (continuous percentile).
      timeToShare: { count: 3, medianSeconds: 120, p90Seconds: 264 },
      acknowledgementRates: [
        rate('AU', 2, 0),
        rate('CA', 2, 0),
        rate('DE', 3, 3),
        rate('EU', 2, 0),
        rate('FR', 3, 2),
        rate('GB', 2, 0),
        rate('IT', 2, 0),
        rate('JP', 2, 0),
        rate('NATO', 1, 0),
        rate('NL', 1, 0),
        rate('NZ', 1, 0),
        rate('SE', 1, 0),
        rate('US', 2, 0),
      ],
    });
  });

  it('limits the period by creation instant and reports exercise traffic only when asked, never mixed', async () => {
    const recent = await report({ from: '2026-02-01T00:00:00Z' });
    expect(recent.total).toBe(4);
    expect(recent.timeToShare).toEqual({ count: 2, medianSeconds: 210, p90Seconds: 282 });
    expect(recent.acknowledgementRates.find((r: { memberCode: string }) => r.memberCode === 'FR')).toEqual(
      rate('FR', 2, 1),
    );
    const early = await report({ to: '2026-02-01T00:00:00+01:00' });
    expect(early).toEqual(expect.objectContaining({ from: null, to: '2026-01-31T23:00:00.000Z', total: 1 }));
    // A period in whole days: from the first instant of `from` to the end of `to`, in UTC.
    const january = await report({ from: '2026-01-01', to: '2026-01-31' });
    expect(january).toEqual(
      expect.objectContaining({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', total: 1 }),
    );
    expect((await report({ from: '2026-02-01' })).total).toBe(recent.total);

    const exercise = await report({ exercise: 'true' });
    expect(exercise).toEqual(
      expect.objectContaining({
        exercise: true,
        total: 1,
        timeToShare: { count: 1, medianSeconds: 60_000, p90Seconds: 60_000 },
      }),
    );
    expect(exercise.acknowledgementRates.find((r: { memberCode: string }) => r.memberCode === 'AU')).toEqual(
      rate('AU', 1, 1),
    );
  });

  it('answers one flat dimension,key,value CSV to Accept: text/csv', async () => {
    const response = await test.http
      .get('/api/v1/reports/notices')
      .set(bearer(auditor))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('notice-report.csv');
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('dimension,key,value');
    expect(lines.every((line) => line.split(',').length === 3)).toBe(true);
    expect(lines).toEqual(
      expect.arrayContaining([
        'period,exercise,false',
        'total,,5',
        'status,shared,4',
        'category,disinformation_media,2',
        'tlp,RED,1',
        'priority,flash,1',
        'source_member,CA,1',
        `month,${thisMonth},4`,
        'time_to_share,median_seconds,120',
        'time_to_share,p90_seconds,264',
        'acknowledgement_delivered,FR,3',
        'acknowledgement_acknowledged,FR,2',
        'acknowledgement_rate,FR,0.6667',
        'acknowledgement_rate,DE,1',
      ]),
    );
  });

  it.each([
    ['text/csv;q=0.9, application/json', 'application/json'],
    ['text/*', 'text/csv'],
    ['application/json;q=0.1, text/csv', 'text/csv'],
    ['*/*', 'application/json'],
  ])('reads Accept: %s as HTTP does (quality values, wildcards) and answers %s', async (accept, type) => {
    const response = await test.http.get('/api/v1/reports/notices').set(bearer(auditor)).set('Accept', accept);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain(type);
    expect(response.headers.vary).toContain('Accept');
  });

  it('answers 406 problem+json to an Accept it cannot meet', async () => {
    const response = await test.http
      .get('/api/v1/reports/notices')
      .set(bearer(auditor))
      .set('Accept', 'application/xml')
      .expect(406);
    expect(response.body).toMatchObject({ status: 406, code: 'not_acceptable' });
  });

  it('is described in the OpenAPI document as JSON or CSV, next to the notice routes', async () => {
    const doc = (await test.http.get('/docs-json').expect(200)).body;
    const report = doc.paths['/api/v1/reports/notices'].get.responses['200'].content;
    expect(Object.keys(report).sort()).toEqual(['application/json', 'text/csv']);
    expect(report['application/json'].schema.$ref).toBe('#/components/schemas/NoticeReportView');
    const list = doc.paths['/api/v1/notices'].get;
    expect(list.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/NoticePage');
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'category', 'tlp', 'priority', 'member', 'tag', 'exercise', 'from', 'to', 'q']),
    );
    for (const step of ['submit', 'share', 'reject', 'archive', 'acknowledgements']) {
      expect(doc.paths[`/api/v1/notices/{id}/${step}`].post).toBeDefined();
    }
  });

  it('is for the secretariat, admins and auditors, and refuses bad periods', async () => {
    await test.http.get('/api/v1/reports/notices').set(bearer(fr)).expect(403);
    for (const bound of ['from=2026-02-30', 'to=2026-01-01T00:00:00', 'from=01/02/2026', 'to=2026-1-1']) {
      const refused = await test.http.get(`/api/v1/reports/notices?${bound}`).set(bearer(secretariat)).expect(400);
      expect(refused.body.errors[0].message).toMatch(/must be a date \(YYYY-MM-DD\) or an ISO 8601 instant/);
    }
    await test.http.get('/api/v1/reports/notices?exercise=maybe').set(bearer(secretariat)).expect(400);
  });
});
