import { scheduleMeeting } from '../factories/meetings.js';
import { draftNotice, sharedNotice } from '../factories/notices.js';
import { draftProposal } from '../factories/proposals.js';
import { bearer, signedIn, signedInRoles, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { auditHead } from '../utils/audit.js';

/**
 * Calls that take no body, or no query parameters, refuse what they are sent with 400 and act on nothing: a
 * client that sends `{"reason": …}` to `/share` or `/cancel` learns at once that it went nowhere.
 */
describe('input a route does not take', () => {
  let test: TestApp;
  let users: Awaited<ReturnType<typeof signedInRoles>>;
  let fr: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    users = await signedInRoles(test);
    fr = users.focal_point;
  });
  afterAll(() => test.close());

  const refusedAs = (answer: { status: number; headers: Record<string, string>; body: unknown }, field: string) => {
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({
      status: 400,
      errors: [{ field, message: `property ${field} should not exist` }],
    });
  };

  it('refuses a body sent to a bodiless transition and leaves the record as it was', async () => {
    const notice = await draftNotice(test, fr);
    const head = await auditHead(test.dataSource);
    for (const step of ['submit', 'share', 'archive']) {
      const user = step === 'submit' ? fr : users.secretariat;
      refusedAs(
        await test.http.post(`/api/v1/notices/${notice.id}/${step}`).set(bearer(user)).send({ reason: 'urgent' }),
        'reason',
      );
    }
    const after = await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(fr)).expect(200);
    expect([after.body.status, after.body.version]).toEqual(['draft', notice.version]);
    expect(await auditHead(test.dataSource)).toBe(head);
    // The same calls without a body, or with an empty one, act.
    await test.http.post(`/api/v1/notices/${notice.id}/submit`).set(bearer(fr)).send({}).expect(200);
    await test.http.post(`/api/v1/notices/${notice.id}/share`).set(bearer(users.secretariat)).expect(200);
  });

  it('refuses a body sent with an acknowledgement, a proposal step or a meeting cancellation', async () => {
    const notice = await sharedNotice(test, users.secretariat, users.secretariat);
    refusedAs(
      await test.http.post(`/api/v1/notices/${notice.id}/acknowledgements`).set(bearer(fr)).send({ note: 'seen' }),
      'note',
    );
    const receipts = await test.http
      .get(`/api/v1/notices/${notice.id}/acknowledgements`)
      .set(bearer(users.secretariat))
      .expect(200);
    expect(receipts.body.acknowledged).toEqual([]);

    const proposal = await draftProposal(test, users.secretariat);
    refusedAs(
      await test.http.post(`/api/v1/proposals/${proposal.id}/open`).set(bearer(users.secretariat)).send({ foo: 1 }),
      'foo',
    );
    const unopened = await test.http.get(`/api/v1/proposals/${proposal.id}`).set(bearer(users.secretariat));
    expect(unopened.body.status).toBe('draft');

    const meeting = await scheduleMeeting(test, users.admin);
    refusedAs(
      await test.http.post(`/api/v1/meetings/${meeting.id}/cancel`).set(bearer(users.admin)).send({ reason: 'x' }),
      'reason',
    );
    const scheduled = await test.http.get(`/api/v1/meetings/${meeting.id}`).set(bearer(users.admin));
    expect(scheduled.body.status).toBe('scheduled');
  });

  it('refuses a JSON body that is not an object where none is taken', async () => {
    const notice = await draftNotice(test, fr);
    const answer = await test.http
      .post(`/api/v1/notices/${notice.id}/submit`)
      .set(bearer(fr))
      .set('Content-Type', 'application/json')
      .send('["submit"]');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'body', message: 'this request takes no body' }]);
  });

  it('refuses query parameters where the route takes none, and still answers without them', async () => {
    const notice = await sharedNotice(test, users.secretariat, users.secretariat);
    refusedAs(await test.http.get(`/api/v1/notices/${notice.id}?fields=title`).set(bearer(fr)), 'fields');
    refusedAs(
      await test.http.get(`/api/v1/notices/${notice.id}/acknowledgements?limit=5`).set(bearer(users.secretariat)),
      'limit',
    );
    const auditor = await signedIn(test, 'auditor');
    refusedAs(await test.http.get('/api/v1/audit-events/verify?from=1').set(bearer(auditor)), 'from');
    await test.http.get('/api/v1/audit-events/verify').set(bearer(auditor)).expect(200);
    await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(fr)).expect(200);
  });

  it('checks who is calling first: a stranger sending a body is told to sign in, not about the body', async () => {
    const notice = await draftNotice(test, fr);
    await test.http.post(`/api/v1/notices/${notice.id}/share`).send({ foo: 1 }).expect(401);
    await test.http.post(`/api/v1/notices/${notice.id}/share`).set(bearer(fr)).send({ foo: 1 }).expect(403);
  });
});
