import { makeHeld, scheduleMeeting, type MeetingBody } from '../factories/meetings.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('meetings: attendance and minutes', () => {
  let test: TestApp;
  let admin: TestUser;
  let secretariat: TestUser;
  let fr: TestUser;
  let frAlternate: TestUser;
  let de: TestUser;
  let au: TestUser;
  let jp: TestUser;
  let meeting: MeetingBody;

  beforeAll(async () => {
    test = await startTestApp();
    [admin, secretariat, fr, frAlternate, de, au, jp] = await Promise.all([
      signedIn(test, 'admin'),
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'observer', 'AU'),
      signedIn(test, 'focal_point', 'JP'),
    ]);
    // Hosted by CA; invites FR, DE and AU.
    meeting = await scheduleMeeting(test, admin);
  });
  afterAll(() => test.close());

  const reply = (user: TestUser, memberCode: string, body: object, id = meeting.id) =>
    test.http.put(`/api/v1/meetings/${id}/attendance/${memberCode}`).set(bearer(user)).send(body);
  const attendance = async (id = meeting.id, user = secretariat) =>
    (await test.http.get(`/api/v1/meetings/${id}/attendance`).set(bearer(user)).expect(200)).body;
  const actions = async (head: number) => (await auditEventsSince(test.dataSource, head)).map((e) => e.action);

  it('lists every invitee as pending before anyone replies', async () => {
    expect(await attendance()).toEqual({ replies: [], pending: ['AU', 'CA', 'DE', 'FR'] });
  });

  it('takes a focal point’s reply for its member, audited; a later reply of the member replaces it', async () => {
    let head = await auditHead(test.dataSource);
    const first = await reply(fr, 'FR', { response: 'tentative', attendees: [' Marie Dupont '] }).expect(200);
    expect(first.body).toEqual({
      memberCode: 'FR',
      response: 'tentative',
      attendees: ['Marie Dupont'],
      repliedBy: fr.id,
      repliedAt: expect.any(String),
    });
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(expect.objectContaining({ action: 'meeting.attendance_given', entity_id: meeting.id }));
    expect(event.changes).toEqual({
      memberCode: 'FR',
      response: 'tentative',
      attendees: ['Marie Dupont'],
      previous: null,
    });

    head = await auditHead(test.dataSource);
    await reply(frAlternate, 'FR', { response: 'accepted', attendees: ['Marie Dupont', 'Jean Martin'] }).expect(200);
    const [second] = await auditEventsSince(test.dataSource, head);
    expect(second.changes).toEqual(expect.objectContaining({ response: 'accepted', previous: 'tentative' }));
    await reply(au, 'AU', { response: 'declined', attendees: [] }).expect(200);
    expect(await attendance(meeting.id, fr)).toEqual({
      replies: [
        expect.objectContaining({ memberCode: 'AU', response: 'declined', attendees: [], repliedBy: au.id }),
        expect.objectContaining({
          memberCode: 'FR',
          response: 'accepted',
          attendees: ['Marie Dupont', 'Jean Martin'],
          repliedBy: frAlternate.id,
        }),
      ],
      pending: ['CA', 'DE'],
    });
  });

  it('refuses another member’s focal point and the secretariat (403), and hides the meeting from the uninvited (404)', async () => {
    const head = await auditHead(test.dataSource);
    expect((await reply(de, 'FR', { response: 'accepted', attendees: [] })).status).toBe(403);
    expect((await reply(au, 'DE', { response: 'accepted', attendees: [] })).status).toBe(403);
    expect((await reply(secretariat, 'FR', { response: 'accepted', attendees: [] })).status).toBe(403);
    expect((await reply(admin, 'FR', { response: 'accepted', attendees: [] })).status).toBe(403);
    // JP is not invited: the meeting does not exist for its focal point, whatever it asks.
    expect((await reply(jp, 'JP', { response: 'accepted', attendees: [] })).status).toBe(404);
    expect((await reply(jp, 'FR', { response: 'accepted', attendees: [] })).status).toBe(404);
    await test.http.get(`/api/v1/meetings/${meeting.id}/attendance`).set(bearer(jp)).expect(404);
    expect((await reply(fr, 'fr', { response: 'accepted', attendees: [] })).status).toBe(404);
    expect(await actions(head)).toEqual([]);
  });

  it.each([
    ['an unknown response', { response: 'maybe', attendees: [] }, 'response'],
    ['no attendees list', { response: 'accepted' }, 'attendees'],
    [
      '21 attendees',
      { response: 'accepted', attendees: Array.from({ length: 21 }, (_, i) => `Person ${i}`) },
      'attendees',
    ],
    ['a blank name', { response: 'accepted', attendees: ['  '] }, 'attendees'],
    ['a name of 101 characters', { response: 'accepted', attendees: ['x'.repeat(101)] }, 'attendees'],
    ['a name that is not text', { response: 'accepted', attendees: [42] }, 'attendees'],
    ['a name with a line break', { response: 'accepted', attendees: ['Marie\nDupont'] }, 'attendees.0'],
    ['attendees while declining', { response: 'declined', attendees: ['Marie Dupont'] }, 'attendees'],
    ['an unknown property', { response: 'accepted', attendees: [], note: 'x' }, 'note'],
  ])('refuses %s with a 400', async (_, body, field) => {
    const head = await auditHead(test.dataSource);
    const response = await reply(de, 'DE', body).expect(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await actions(head)).toEqual([]);
  });

  it('refuses replies once the meeting is cancelled or held (409)', async () => {
    const cancelled = await scheduleMeeting(test, admin);
    await test.http.post(`/api/v1/meetings/${cancelled.id}/cancel`).set(bearer(admin)).expect(200);
    const refused = await reply(fr, 'FR', { response: 'accepted', attendees: [] }, cancelled.id).expect(409);
    expect(refused.body.detail).toContain('cancelled');
    const held = await scheduleMeeting(test, admin);
    await makeHeld(test, held.id);
    await reply(fr, 'FR', { response: 'accepted', attendees: [] }, held.id).expect(409);
  });

  it('shows only current invitees: a member taken off the list leaves the replies and the pending list', async () => {
    const changing = await scheduleMeeting(test, admin);
    await reply(de, 'DE', { response: 'accepted', attendees: ['Anna Schmidt'] }, changing.id).expect(200);
    await test.http
      .patch(`/api/v1/meetings/${changing.id}`)
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .send({ inviteeMemberCodes: ['FR'] })
      .expect(200);
    expect(await attendance(changing.id)).toEqual({ replies: [], pending: ['CA', 'FR'] });
    expect((await reply(de, 'DE', { response: 'accepted', attendees: [] }, changing.id)).status).toBe(404);
  });

  describe('minutes', () => {
    const minutes = {
      text: 'The members reviewed the threat picture ahead of the elections.',
      actionItems: [
        { title: 'Share the network map', ownerMemberCode: 'FR', dueDate: '2030-05-15' },
        { title: 'Draft a joint statement', ownerMemberCode: 'CA', dueDate: '2030-06-01' },
      ],
    };

    it('are written by the secretariat at any time, audited, and read by the invitees in the meeting', async () => {
      const target = await scheduleMeeting(test, admin);
      const head = await auditHead(test.dataSource);
      const written = await test.http
        .put(`/api/v1/meetings/${target.id}/minutes`)
        .set(bearer(secretariat))
        .set('If-Match', '"1"')
        .send(minutes)
        .expect(200);
      expect(written.body.minutes).toEqual({ ...minutes, updatedAt: expect.any(String), updatedBy: secretariat.id });
      expect(written.body.version).toBe(2);
      const [event] = await auditEventsSince(test.dataSource, head);
      expect(event).toEqual(expect.objectContaining({ action: 'meeting.minutes_written', entity_id: target.id }));
      expect(event.changes).toEqual({ actionItems: 2, replaced: false });
      for (const reader of [fr, au, de, admin]) {
        const seen = await test.http.get(`/api/v1/meetings/${target.id}`).set(bearer(reader)).expect(200);
        expect(seen.body.minutes.text).toBe(minutes.text);
      }
      await test.http.get(`/api/v1/meetings/${target.id}`).set(bearer(jp)).expect(404);
      // After the meeting, they are rewritten as a whole.
      await makeHeld(test, target.id);
      const rewritten = await test.http
        .put(`/api/v1/meetings/${target.id}/minutes`)
        .set(bearer(secretariat))
        .send({ text: 'Final minutes.', actionItems: [] })
        .expect(200);
      expect(rewritten.body.minutes).toEqual(expect.objectContaining({ text: 'Final minutes.', actionItems: [] }));
      expect((await auditEventsSince(test.dataSource, head)).at(-1)!.changes).toEqual({
        actionItems: 0,
        replaced: true,
      });
    });

    it('are the secretariat’s only (403), stale versions 412, and may be written for a cancelled meeting', async () => {
      const target = await scheduleMeeting(test, admin);
      for (const user of [admin, fr, au]) {
        await test.http.put(`/api/v1/meetings/${target.id}/minutes`).set(bearer(user)).send(minutes).expect(403);
      }
      await test.http
        .put(`/api/v1/meetings/${target.id}/minutes`)
        .set(bearer(secretariat))
        .set('If-Match', '"7"')
        .send(minutes)
        .expect(412);
      await test.http.post(`/api/v1/meetings/${target.id}/cancel`).set(bearer(admin)).expect(200);
      // "At any time": a cancelled meeting may still have minutes (why it was called off, what happens next).
      const written = await test.http
        .put(`/api/v1/meetings/${target.id}/minutes`)
        .set(bearer(secretariat))
        .send(minutes)
        .expect(200);
      expect([written.body.status, written.body.minutes.text]).toEqual(['cancelled', minutes.text]);
      const seen = await test.http.get(`/api/v1/meetings/${target.id}`).set(bearer(fr)).expect(200);
      expect(seen.body.minutes.text).toBe(minutes.text);
    });

    it.each([
      ['blank text', { text: '   ', actionItems: [] }, 'text'],
      ['no action items list', { text: 'x' }, 'actionItems'],
      [
        'an uninvited owner',
        { text: 'x', actionItems: [{ title: 't', ownerMemberCode: 'JP', dueDate: '2030-05-01' }] },
        'actionItems.0.ownerMemberCode',
      ],
      [
        'a due date with a time',
        { text: 'x', actionItems: [{ title: 't', ownerMemberCode: 'FR', dueDate: '2030-05-01T10:00:00Z' }] },
        'actionItems.0.dueDate',
      ],
      [
        'a due date that does not exist',
        { text: 'x', actionItems: [{ title: 't', ownerMemberCode: 'FR', dueDate: '2030-02-30' }] },
        'actionItems.0.dueDate',
      ],
      [
        'an action item without title',
        { text: 'x', actionItems: [{ ownerMemberCode: 'FR', dueDate: '2030-05-01' }] },
        'actionItems.0.title',
      ],
    ])('refuse %s with a 400 naming the field', async (_, body, field) => {
      const target = await scheduleMeeting(test, admin);
      const head = await auditHead(test.dataSource);
      const response = await test.http
        .put(`/api/v1/meetings/${target.id}/minutes`)
        .set(bearer(secretariat))
        .send(body)
        .expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(await actions(head)).toEqual([]);
      const unchanged = await test.http.get(`/api/v1/meetings/${target.id}`).set(bearer(admin)).expect(200);
      expect(unchanged.body.minutes).toBeNull();
    });
  });
});
