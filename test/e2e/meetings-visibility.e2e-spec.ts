import { addAgendaItems, makeHeld, scheduleMeeting } from '../factories/meetings.js';
import { bearer, type TestUser } from '../factories/users.js';
import { signedInViewers, STAFF, VIEWERS, visibilityCases, type Viewer } from '../factories/viewers.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** Each meeting (by invitees and status) against each viewer: members see what their member is invited to. */
const TABLE: { meeting: string; hosts: string[]; invitees: string[]; seen: Viewer[] }[] = [
  { meeting: 'CA hosts, FR and AU invited', hosts: ['CA'], invitees: ['FR', 'AU'], seen: ['ca', 'fr', 'au'] },
  { meeting: 'DE alone', hosts: ['DE'], invitees: [], seen: ['de'] },
  { meeting: 'cancelled, NZ invited', hosts: ['CA'], invitees: ['NZ'], seen: ['ca', 'nz'] },
  {
    meeting: 'held, all members',
    hosts: ['US'],
    invitees: ['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'EU'],
    seen: ['ca', 'fr', 'de'],
  },
  { meeting: 'observers only, hosted by NATO', hosts: ['NATO'], invitees: ['AU', 'NZ'], seen: ['au', 'nz'] },
];
const CASES = visibilityCases(TABLE, (row) => row.meeting);
/** Every read of one meeting goes through the same policy. */
const READS = ['', '/agenda-items', '/attendance', '/calendar.ics'];

describe('meetings: visibility', () => {
  let test: TestApp;
  let users: Record<Viewer, TestUser>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await startTestApp();
    users = await signedInViewers(test);
    const { admin, secretariat } = users;
    for (const row of TABLE) {
      const meeting = await scheduleMeeting(test, admin, {
        title: `Meeting: ${row.meeting}`,
        hostMemberCodes: row.hosts,
        inviteeMemberCodes: row.invitees,
      });
      await addAgendaItems(test, secretariat, meeting.id, [`Item of ${row.meeting}`]);
      ids[row.meeting] = meeting.id;
    }
    await test.http.post(`/api/v1/meetings/${ids['cancelled, NZ invited']}/cancel`).set(bearer(admin)).expect(200);
    await makeHeld(test, ids['held, all members']);
  });
  afterAll(() => test.close());

  it.each(
    CASES.flatMap(([meeting, viewer, expected]) => READS.map((read) => [meeting, viewer, read, expected] as const)),
  )('%s: %s → GET %s → %s', async (meeting, viewer, read, expected) => {
    const response = await test.http.get(`/api/v1/meetings/${ids[meeting]}${read}`).set(bearer(users[viewer]));
    expect(response.status).toBe(expected === 'seen' ? 200 : 404);
    if (expected === 404) expect(JSON.stringify(response.body)).not.toContain(meeting);
  });

  it.each(VIEWERS)('lists exactly the meetings %s may see, whatever the status filter', async (viewer) => {
    const listed = async (query: string) =>
      (await test.http.get(`/api/v1/meetings?limit=100${query}`).set(bearer(users[viewer])).expect(200)).body.data
        .map((meeting: { id: string }) => meeting.id)
        .sort();
    const expected = CASES.filter(([, who, seen]) => who === viewer && seen === 'seen')
      .map(([meeting]) => ids[meeting])
      .sort();
    expect(await listed('')).toEqual(expected);
    const byStatus = [
      ...(await listed('&status=scheduled')),
      ...(await listed('&status=held')),
      ...(await listed('&status=cancelled')),
    ];
    expect(byStatus.sort()).toEqual(expected);
  });

  it.each(CASES.filter(([, viewer]) => !STAFF.includes(viewer)))(
    '%s: %s → %s when replying for its own member',
    async (meeting, viewer, expected) => {
      const user = users[viewer];
      const response = await test.http
        .put(`/api/v1/meetings/${ids[meeting]}/attendance/${user.memberCode}`)
        .set(bearer(user))
        .send({ response: 'tentative', attendees: [] });
      if (expected === 404) expect(response.status).toBe(404);
      else expect([200, 409]).toContain(response.status);
    },
  );
});
