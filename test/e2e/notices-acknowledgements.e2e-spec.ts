import { draftNotice, sharedNotice } from '../factories/notices.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('notices: acknowledgements', () => {
  let test: TestApp;
  let fr: TestUser;
  let frAlternate: TestUser;
  let de: TestUser;
  let au: TestUser;
  let nz: TestUser;
  let secretariat: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    [fr, frAlternate, de, au, nz, secretariat] = await Promise.all([
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'observer', 'AU'),
      signedIn(test, 'observer', 'NZ'),
      signedIn(test, 'secretariat'),
    ]);
    // A member that left the network is no longer waited for.
    await test.dataSource.query(`UPDATE member SET active = false WHERE code = 'NL'`);
  });
  afterAll(() => test.close());

  const acknowledge = (user: TestUser, id: string) =>
    test.http.post(`/api/v1/notices/${id}/acknowledgements`).set(bearer(user));
  const receipts = async (id: string) =>
    (await test.http.get(`/api/v1/notices/${id}/acknowledgements`).set(bearer(secretariat)).expect(200)).body;
  const rows = async (id: string) =>
    Number(
      (await test.dataSource.query('SELECT count(*) AS n FROM notice_acknowledgement WHERE notice_id = $1', [id]))[0].n,
    );
  const selectedFrAuSe = { audience: { scope: 'selected', memberCodes: ['FR', 'AU', 'SE'] } };

  it('acknowledges once per member: 201 and an audit event, then 200 with the first receipt', async () => {
    const notice = await sharedNotice(test, de, secretariat, selectedFrAuSe);
    const head = await auditHead(test.dataSource);
    const first = await acknowledge(fr, notice.id).expect(201);
    expect(first.body).toEqual({ memberCode: 'FR', userId: fr.id, acknowledgedAt: expect.any(String) });
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => [event.action, event.entity_id, event.actor_id, event.changes])).toEqual([
      ['notice.acknowledged', notice.id, fr.id, { memberCode: 'FR' }],
    ]);
    const again = await acknowledge(fr, notice.id).expect(200);
    expect(again.body).toEqual(first.body);
    const colleague = await acknowledge(frAlternate, notice.id).expect(200);
    expect(colleague.body).toEqual(first.body); // the first user of the member wins
    expect(await auditEventsSince(test.dataSource, head)).toHaveLength(1);
    expect(await rows(notice.id)).toBe(1);
  });

  it('keeps one receipt when two focal points of a member acknowledge at the same moment', async () => {
    const notice = await sharedNotice(test, de, secretariat, selectedFrAuSe);
    const responses = await Promise.all([acknowledge(fr, notice.id), acknowledge(frAlternate, notice.id)]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 201]);
    expect(await rows(notice.id)).toBe(1);
  });

  it('replays a repeated acknowledgement under the same Idempotency-Key with its 200', async () => {
    const notice = await sharedNotice(test, de, secretariat, selectedFrAuSe);
    await acknowledge(fr, notice.id).expect(201);
    const call = () => acknowledge(frAlternate, notice.id).set('Idempotency-Key', `ack-${notice.id}`);
    await call().expect(200);
    const replay = await call().expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('acknowledges the version read when If-Match is sent: 412 once the notice changed', async () => {
    const notice = await sharedNotice(test, de, secretariat, selectedFrAuSe);
    await test.http
      .patch(`/api/v1/notices/${notice.id}`)
      .set(bearer(secretariat))
      .set('If-Match', `"${notice.version}"`)
      .send({ summary: 'Corrected after sharing.' })
      .expect(200);
    await acknowledge(au, notice.id).set('If-Match', `"${notice.version}"`).expect(412);
    expect(await rows(notice.id)).toBe(0);
    await acknowledge(au, notice.id)
      .set('If-Match', `"${notice.version + 1}"`)
      .expect(201);
  });

  it('answers 403 to a member that sees the notice without being in its audience, 404 to those who do not see it', async () => {
    const notice = await sharedNotice(test, de, secretariat, selectedFrAuSe);
    const head = await auditHead(test.dataSource);
    const author = await acknowledge(de, notice.id).expect(403); // DE wrote it but is not a recipient
    expect(author.body.code).toBe('forbidden');
    await acknowledge(nz, notice.id).expect(404);
    await acknowledge(secretariat, notice.id).expect(403); // not a recipient role at all
    expect(await auditEventsSince(test.dataSource, head)).toHaveLength(0);
    expect(await rows(notice.id)).toBe(0);
  });

  it('answers 403 to a deactivated member, which still reads the notice but is out of its audience', async () => {
    const nl = await signedIn(test, 'observer', 'NL');
    const notice = await sharedNotice(test, secretariat, secretariat, { audience: { scope: 'all' } });
    await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(nl)).expect(200);
    const head = await auditHead(test.dataSource);
    await acknowledge(nl, notice.id).expect(403);
    expect([await rows(notice.id), await auditHead(test.dataSource)]).toEqual([0, head]);
    expect((await receipts(notice.id)).pending).not.toContain('NL');
  });

  it('refuses acknowledging before sharing or after archiving with 409', async () => {
    const draft = await draftNotice(test, fr, selectedFrAuSe);
    const early = await acknowledge(frAlternate, draft.id).expect(409); // FR sees its draft and is in the audience
    expect(early.body.detail).toContain('draft');
    const archived = await sharedNotice(test, de, secretariat, selectedFrAuSe);
    await test.http.post(`/api/v1/notices/${archived.id}/archive`).set(bearer(secretariat)).expect(200);
    const late = await acknowledge(au, archived.id).expect(409);
    expect(late.body.detail).toContain('archived');
  });

  it('lists who acknowledged and which active audience members are pending', async () => {
    const notice = await sharedNotice(test, de, secretariat, selectedFrAuSe);
    expect(await receipts(notice.id)).toEqual({ acknowledged: [], pending: ['AU', 'FR', 'SE'] });
    await acknowledge(au, notice.id).expect(201);
    await acknowledge(frAlternate, notice.id).expect(201);
    const listed = await receipts(notice.id);
    expect(listed).toEqual({
      acknowledged: [
        { memberCode: 'AU', userId: au.id, acknowledgedAt: expect.any(String) },
        { memberCode: 'FR', userId: frAlternate.id, acknowledgedAt: expect.any(String) },
      ],
      pending: ['SE'],
    });

    const everyone = await sharedNotice(test, fr, secretariat, { audience: { scope: 'all' } });
    await acknowledge(de, everyone.id).expect(201);
    expect((await receipts(everyone.id)).pending).toEqual(
      ['AU', 'CA', 'EU', 'FR', 'GB', 'IT', 'JP', 'NATO', 'NZ', 'SE', 'US'], // not DE (done) nor NL (inactive)
    );
    const members = await sharedNotice(test, fr, secretariat, { audience: { scope: 'members' } });
    expect((await receipts(members.id)).pending).toEqual(['CA', 'DE', 'EU', 'FR', 'GB', 'IT', 'JP', 'US']);

    const draft = await draftNotice(test, fr);
    expect(await receipts(draft.id)).toEqual({ acknowledged: [], pending: [] });
  });

  it('keeps the list to the secretariat', async () => {
    const notice = await sharedNotice(test, de, secretariat, selectedFrAuSe);
    await test.http.get(`/api/v1/notices/${notice.id}/acknowledgements`).set(bearer(fr)).expect(403);
    await test.http
      .get('/api/v1/notices/00000000-0000-4000-8000-000000000000/acknowledgements')
      .set(bearer(secretariat))
      .expect(404);
  });
});
