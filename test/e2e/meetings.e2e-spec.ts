import { makeHeld, meetingInput, scheduleMeeting } from '../factories/meetings.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('meetings: scheduling', () => {
  let test: TestApp;
  let admin: TestUser;
  let secretariat: TestUser;
  let fr: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    [admin, secretariat, fr] = await Promise.all([
      signedIn(test, 'admin'),
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
    ]);
  });
  afterAll(() => test.close());

  const url = (id: string, step = '') => `/api/v1/meetings/${id}${step ? `/${step}` : ''}`;
  const count = async () => Number((await test.dataSource.query('SELECT count(*) AS n FROM meeting'))[0].n);
  const actions = async (head: number) => (await auditEventsSince(test.dataSource, head)).map((e) => e.action);

  it('schedules a meeting: hosts are invited too, instants kept exactly, audited, invitations queued', async () => {
    const head = await auditHead(test.dataSource);
    const response = await test.http
      .post('/api/v1/meetings')
      .set(bearer(admin))
      .send(
        meetingInput({ title: '  Spring meeting  ', hostMemberCodes: ['CA', 'US'], inviteeMemberCodes: ['FR', 'CA'] }),
      )
      .expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      title: 'Spring meeting',
      kind: 'regular',
      startsAt: '2030-04-20T13:00:00.000Z',
      endsAt: '2030-04-20T15:00:00.000Z',
      timeZone: 'America/New_York',
      location: 'Lester B. Pearson Building, Ottawa',
      virtualUrl: 'https://meet.example.org/rrm-fp',
      hostMemberCodes: ['CA', 'US'],
      inviteeMemberCodes: ['FR', 'CA', 'US'],
      status: 'scheduled',
      agendaVersion: 0,
      agenda: [],
      minutes: null,
      exercise: false,
      createdBy: admin.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      cancelledAt: null,
      version: 1,
    });
    expect(response.headers.etag).toBe('"1"');
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(
      expect.objectContaining({ action: 'meeting.created', entity_type: 'meeting', entity_id: response.body.id }),
    );
    expect(event.actor_id).toBe(admin.id);
    expect(event.changes).toEqual({
      after: expect.objectContaining({ title: 'Spring meeting', timeZone: 'America/New_York' }),
    });
    const mails = await test.dataSource.query(
      `SELECT recipient_email, attachments FROM outbox_message WHERE template = 'meeting.invitation' AND dedupe_key LIKE $1`,
      [`%:${response.body.id}:%`],
    );
    expect(mails.map((mail: { recipient_email: string }) => mail.recipient_email)).toContain(fr.email);
    for (const mail of mails) expect(mail.attachments[0]).toEqual(expect.objectContaining({ method: 'REQUEST' }));
  });

  it.each([
    ['an unknown zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a title with a line break', { title: 'Focal point\nmeeting' }, 'title'],
    ['a location with a tab', { location: 'Room\t4' }, 'location'],
    ['an abbreviation for a zone', { timeZone: 'EST' }, 'timeZone'],
    ['an offset for a zone', { timeZone: '+02:00' }, 'timeZone'],
    ['an end before the start', { endsAt: '2030-04-20T08:00:00-04:00' }, 'endsAt'],
    ['an end equal to the start', { endsAt: '2030-04-20T13:00:00Z' }, 'endsAt'],
    ['an instant without offset', { startsAt: '2030-04-20T09:00:00' }, 'startsAt'],
    ['a date that does not exist', { startsAt: '2030-02-30T09:00:00Z' }, 'startsAt'],
    [
      'a meeting that has already ended',
      { startsAt: '2020-01-01T09:00:00Z', endsAt: '2020-01-01T10:00:00Z' },
      'endsAt',
    ],
    ['a meeting of more than a week', { endsAt: '2030-05-20T11:00:00-04:00' }, 'endsAt'],
    ['an unknown invitee', { inviteeMemberCodes: ['FR', 'XX'] }, 'inviteeMemberCodes'],
    ['an inactive invitee', { inviteeMemberCodes: ['NL'] }, 'inviteeMemberCodes'],
    ['an unknown host', { hostMemberCodes: ['ZZ'] }, 'hostMemberCodes'],
    ['no host', { hostMemberCodes: [] }, 'hostMemberCodes'],
    ['a lower-case code', { inviteeMemberCodes: ['fr'] }, 'inviteeMemberCodes'],
    ['an http virtual URL', { virtualUrl: 'http://meet.example.org/x' }, 'virtualUrl'],
    ['neither location nor virtual URL', { location: null, virtualUrl: null }, 'location'],
    ['a blank title', { title: '  ' }, 'title'],
    ['a title of 301 characters', { title: 'x'.repeat(301) }, 'title'],
    ['a location of 301 characters', { location: 'x'.repeat(301) }, 'location'],
    ['an unknown kind', { kind: 'plenary' }, 'kind'],
    ['an unknown property', { agendaVersion: 3 }, 'agendaVersion'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_, overrides, field) => {
    await test.dataSource.query(`UPDATE member SET active = false WHERE code = 'NL'`);
    const before = await count();
    const head = await auditHead(test.dataSource);
    const response = await test.http
      .post('/api/v1/meetings')
      .set(bearer(admin))
      .send(meetingInput(overrides))
      .expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await count()).toBe(before);
    expect(await actions(head)).toEqual([]);
  });

  it('keeps instants given with any offset, and accepts a meeting online only', async () => {
    const meeting = await scheduleMeeting(test, admin, {
      startsAt: '2030-11-03T09:30:00+09:00',
      endsAt: '2030-11-03T01:30:00Z',
      timeZone: 'Asia/Tokyo',
      location: null,
    });
    expect(meeting).toEqual(
      expect.objectContaining({
        startsAt: '2030-11-03T00:30:00.000Z',
        endsAt: '2030-11-03T01:30:00.000Z',
        location: null,
        virtualUrl: 'https://meet.example.org/rrm-fp',
      }),
    );
  });

  it('lets only admins schedule, change and cancel', async () => {
    const meeting = await scheduleMeeting(test, admin);
    for (const user of [secretariat, fr]) {
      await test.http.post('/api/v1/meetings').set(bearer(user)).send(meetingInput()).expect(403);
      await test.http.patch(url(meeting.id)).set(bearer(user)).set('If-Match', '"1"').send({ title: 'x' }).expect(403);
      await test.http.post(url(meeting.id, 'cancel')).set(bearer(user)).expect(403);
    }
  });

  it('needs If-Match to change a meeting (428), refuses a stale one (412) and changes nothing', async () => {
    const meeting = await scheduleMeeting(test, admin);
    const head = await auditHead(test.dataSource);
    const missing = await test.http.patch(url(meeting.id)).set(bearer(admin)).send({ title: 'New' }).expect(428);
    expect(missing.body.code).toBe('precondition_required');
    const stale = await test.http
      .patch(url(meeting.id))
      .set(bearer(admin))
      .set('If-Match', '"9"')
      .send({ title: 'New' })
      .expect(412);
    expect(stale.body.code).toBe('precondition_failed');
    await test.http.post(url(meeting.id, 'cancel')).set(bearer(admin)).set('If-Match', '"9"').expect(412);
    expect(await actions(head)).toEqual([]);
    const unchanged = await test.http.get(url(meeting.id)).set(bearer(admin)).expect(200);
    expect(unchanged.body).toEqual(expect.objectContaining({ title: meeting.title, status: 'scheduled', version: 1 }));
  });

  it('changes a meeting with its ETag: only changed fields audited, hosts kept among invitees', async () => {
    const meeting = await scheduleMeeting(test, admin);
    const head = await auditHead(test.dataSource);
    const changed = await test.http
      .patch(url(meeting.id))
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .send({ startsAt: '2030-04-20T10:00:00-04:00', inviteeMemberCodes: ['FR'], location: null })
      .expect(200);
    expect(changed.body).toEqual(
      expect.objectContaining({
        startsAt: '2030-04-20T14:00:00.000Z',
        inviteeMemberCodes: ['FR', 'CA'],
        location: null,
        version: 2,
      }),
    );
    expect(changed.headers.etag).toBe('"2"');
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event.action).toBe('meeting.updated');
    expect(event.changes).toEqual({
      startsAt: { from: '2030-04-20T13:00:00.000Z', to: '2030-04-20T14:00:00.000Z' },
      inviteeMemberCodes: { from: ['FR', 'DE', 'AU', 'CA'], to: ['FR', 'CA'] },
      location: { from: 'Lester B. Pearson Building, Ottawa', to: null },
    });
    // Nothing changed: nothing written, same version.
    const same = await test.http
      .patch(url(meeting.id))
      .set(bearer(admin))
      .set('If-Match', '"2"')
      .send({ title: meeting.title })
      .expect(200);
    expect(same.body.version).toBe(2);
    expect(await actions(head)).toEqual(['meeting.updated']);
    // The result must still be a valid meeting.
    await test.http
      .patch(url(meeting.id))
      .set(bearer(admin))
      .set('If-Match', '"2"')
      .send({ virtualUrl: null })
      .expect(400);
    await test.http
      .patch(url(meeting.id))
      .set(bearer(admin))
      .set('If-Match', '"2"')
      .send({ endsAt: '2030-04-20T13:00:00Z' })
      .expect(400);
    await test.http.patch(url(meeting.id)).set(bearer(admin)).set('If-Match', '"2"').send({ title: null }).expect(400);
    expect(await actions(head)).toEqual(['meeting.updated']);
  });

  it('cancels once (409 the second time), audits it, and refuses later changes', async () => {
    const meeting = await scheduleMeeting(test, admin);
    const head = await auditHead(test.dataSource);
    const cancelled = await test.http
      .post(url(meeting.id, 'cancel'))
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .expect(200);
    expect(cancelled.body).toEqual(
      expect.objectContaining({ status: 'cancelled', cancelledAt: expect.any(String), version: 2 }),
    );
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event.action).toBe('meeting.cancelled');
    expect(event.changes).toEqual({
      status: { from: 'scheduled', to: 'cancelled' },
      cancelledAt: { from: null, to: cancelled.body.cancelledAt },
    });
    const again = await test.http.post(url(meeting.id, 'cancel')).set(bearer(admin)).expect(409);
    expect(again.body.code).toBe('invalid_state');
    expect(again.body.detail).toContain('cancelled');
    await test.http.patch(url(meeting.id)).set(bearer(admin)).set('If-Match', '"2"').send({ title: 'x' }).expect(409);
    expect(await actions(head)).toEqual(['meeting.cancelled']);
  });

  it('derives held from the clock: a past meeting is held and can be neither changed nor cancelled', async () => {
    const meeting = await scheduleMeeting(test, admin);
    await makeHeld(test, meeting.id);
    const held = await test.http.get(url(meeting.id)).set(bearer(fr)).expect(200);
    expect(held.body.status).toBe('held');
    await test.http.post(url(meeting.id, 'cancel')).set(bearer(admin)).expect(409);
    await test.http.patch(url(meeting.id)).set(bearer(admin)).set('If-Match', '"1"').send({ title: 'x' }).expect(409);
  });

  it('creates one meeting from retries with the same Idempotency-Key', async () => {
    const body = meetingInput({ title: 'Idempotent meeting' });
    const first = await test.http.post('/api/v1/meetings').set(bearer(admin)).set('Idempotency-Key', 'm-1').send(body);
    const replay = await test.http.post('/api/v1/meetings').set(bearer(admin)).set('Idempotency-Key', 'm-1').send(body);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    const rows = await test.dataSource.query('SELECT id FROM meeting WHERE title = $1', ['Idempotent meeting']);
    expect(rows).toHaveLength(1);
  });
});
