import { scheduleMeeting } from '../factories/meetings.js';
import { setMemberActive } from '../factories/members.js';
import { draftNotice, sharedNotice } from '../factories/notices.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * A deactivated member or observer is in no audience: its users keep reading what was shared with it before (and
 * their own member's notices), and see nothing shared after, until it is active again.
 */
describe('a deactivated member is in no audience', () => {
  let test: TestApp;
  let admin: TestUser;
  let secretariat: TestUser;
  let nz: TestUser;

  const setActive = (code: string, active: boolean) => setMemberActive(test, admin, code, active);
  const listedFor = async (user: TestUser, query = '') =>
    (await test.http.get(`/api/v1/notices${query}`).set(bearer(user)).expect(200)).body.data.map(
      (notice: { id: string }) => notice.id,
    );

  beforeAll(async () => {
    test = await startTestApp();
    [admin, secretariat, nz] = [
      await signedIn(test, 'admin'),
      await signedIn(test, 'secretariat'),
      await signedIn(test, 'observer', 'NZ'),
    ];
  });
  afterAll(() => test.close());

  it('keeps what was shared before, and hides what is shared after, RED included, until reactivated', async () => {
    const before = await sharedNotice(test, secretariat, secretariat, { title: 'Before deactivation' });
    const own = await draftNotice(test, nz, { title: 'Drafted by New Zealand' });
    // A RED draft naming NZ, shared only once NZ is out.
    const red = await draftNotice(test, secretariat, {
      title: 'RED for France and New Zealand',
      tlp: 'RED',
      audience: { scope: 'selected', memberCodes: ['FR', 'NZ'] },
    });
    await setActive('NZ', false);
    const after = await sharedNotice(test, secretariat, secretariat, { title: 'After deactivation wordmark' });
    await test.http.post(`/api/v1/notices/${red.id}/share`).set(bearer(secretariat)).expect(200);

    await test.http.get(`/api/v1/notices/${before.id}`).set(bearer(nz)).expect(200);
    await test.http.get(`/api/v1/notices/${own.id}`).set(bearer(nz)).expect(200);
    for (const hidden of [after.id, red.id]) {
      await test.http.get(`/api/v1/notices/${hidden}`).set(bearer(nz)).expect(404);
    }
    const listed = await listedFor(nz);
    expect(listed).toEqual(expect.arrayContaining([before.id, own.id]));
    expect(listed).not.toContain(after.id);
    expect(listed).not.toContain(red.id);
    expect(await listedFor(nz, '?q=wordmark')).toEqual([]);
    const [readRed] = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'notice.red_read' AND actor_id = $1`,
      [nz.id],
    );
    expect(readRed.n).toBe(0);

    // Active again: in the audiences again.
    await setActive('NZ', true);
    await test.http.get(`/api/v1/notices/${after.id}`).set(bearer(nz)).expect(200);
    await test.http.get(`/api/v1/notices/${red.id}`).set(bearer(nz)).expect(200);
  });

  it('keeps a deactivated invitee through meeting changes that keep it, and adds no inactive member', async () => {
    const meeting = await scheduleMeeting(test, admin, { hostMemberCodes: ['FR'], inviteeMemberCodes: ['FR', 'NL'] });
    await setActive('NL', false);
    const kept = await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', `"${meeting.version}"`)
      .send({ title: 'Renamed, NL still listed', inviteeMemberCodes: ['FR', 'NL', 'IT'] })
      .expect(200);
    expect(kept.body.inviteeMemberCodes).toEqual(expect.arrayContaining(['FR', 'NL', 'IT']));
    const added = await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', `"${kept.body.version}"`)
      .send({ hostMemberCodes: ['FR', 'NL'] })
      .expect(400);
    expect(added.body.errors).toEqual([
      { field: 'hostMemberCodes', message: 'NL is not an active member or observer' },
    ]);
    await setActive('NL', true);
  });
});
