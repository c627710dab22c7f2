import { scheduleMeeting } from '../factories/meetings.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { parseCalendar } from '../utils/calendar.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('meetings: calendar file', () => {
  let test: TestApp;
  let admin: TestUser;
  let fr: TestUser;
  let jp: TestUser;

  beforeAll(async () => {
    test = await startTestApp({ APP_BASE_URL: 'https://rrm.example.org' });
    [admin, fr, jp] = await Promise.all([
      signedIn(test, 'admin'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'JP'),
    ]);
  });
  afterAll(() => test.close());

  const ics = (id: string, user: TestUser) =>
    test.http
      .get(`/api/v1/meetings/${id}/calendar.ics`)
      .set(bearer(user))
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });

  it('serves one RFC 5545 VEVENT: stable UID, SEQUENCE growing with each change, DTSTART at the right instant', async () => {
    // 18:30 in Los Angeles on 15 January 2031 is 02:30 UTC on the 16th (PST, UTC−08:00).
    const meeting = await scheduleMeeting(test, admin, {
      title: 'Pacific working group',
      kind: 'working_group',
      startsAt: '2031-01-15T18:30:00-08:00',
      endsAt: '2031-01-15T19:30:00-08:00',
      timeZone: 'America/Los_Angeles',
      location: null,
      hostMemberCodes: ['CA'],
      inviteeMemberCodes: ['FR', 'JP'],
    });
    const first = await ics(meeting.id, fr).expect(200);
    expect(first.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = first.body as string;
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('DTSTART:20310116T023000Z');
    // The meeting's zone is a calendar property, so it stands before the event (RFC 5545: calprops, then components).
    expect(text.indexOf('X-WR-TIMEZONE:America/Los_Angeles\r\n')).toBeGreaterThan(0);
    expect(text.indexOf('X-WR-TIMEZONE:')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    expect(text.match(/X-WR-TIMEZONE/g)).toHaveLength(1);
    const before = parseCalendar(text);
    expect(before).toEqual(
      expect.objectContaining({
        method: 'PUBLISH',
        uid: `${meeting.id}@rrm-secretariat`,
        sequence: 0,
        start: '2031-01-16T02:30:00.000Z',
        end: '2031-01-16T03:30:00.000Z',
        summary: 'Pacific working group',
        location: 'https://meet.example.org/rrm-fp',
        status: 'CONFIRMED',
        url: `https://rrm.example.org/meetings/${meeting.id}`,
        attendees: [],
        events: 1,
      }),
    );
    expect(before.description).toContain('Wednesday, 15 January 2031, 18:30–19:30 America/Los_Angeles (UTC−08:00)');

    await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .send({ startsAt: '2031-01-16T09:00:00+09:00', endsAt: '2031-01-16T10:00:00+09:00', timeZone: 'Asia/Tokyo' })
      .expect(200);
    const moved = parseCalendar((await ics(meeting.id, jp).expect(200)).body);
    expect(moved).toEqual(
      expect.objectContaining({ uid: before.uid, sequence: 1, start: '2031-01-16T00:00:00.000Z', status: 'CONFIRMED' }),
    );
    await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', '"2"')
      .send({ title: 'North Pacific working group', exercise: true })
      .expect(200);
    const renamed = parseCalendar((await ics(meeting.id, fr).expect(200)).body);
    expect(renamed).toEqual(
      expect.objectContaining({ uid: before.uid, sequence: 2, summary: '[EXERCISE] North Pacific working group' }),
    );
    // Every change of the meeting counts, its agenda and minutes included: a copy taken before is outdated.
    const sequenceNow = async () => parseCalendar((await ics(meeting.id, fr).expect(200)).body).sequence;
    await test.http
      .post(`/api/v1/meetings/${meeting.id}/agenda-items`)
      .set(bearer(admin))
      .send({ title: 'Briefing' })
      .expect(201);
    expect(await sequenceNow()).toBe(3);
    await test.http.post(`/api/v1/meetings/${meeting.id}/agenda/circulate`).set(bearer(admin)).expect(200);
    expect(await sequenceNow()).toBe(4);
    const secretariat = await signedIn(test, 'secretariat');
    await test.http
      .put(`/api/v1/meetings/${meeting.id}/minutes`)
      .set(bearer(secretariat))
      .send({ text: 'Opening notes.', actionItems: [] })
      .expect(200);
    expect(await sequenceNow()).toBe(5);
    await test.http.post(`/api/v1/meetings/${meeting.id}/cancel`).set(bearer(admin)).expect(200);
    const cancelled = parseCalendar((await ics(meeting.id, admin).expect(200)).body);
    expect(cancelled).toEqual(expect.objectContaining({ uid: before.uid, sequence: 6, status: 'CANCELLED' }));
  });

  it('is not served to members who are not invited (404)', async () => {
    const meeting = await scheduleMeeting(test, admin, { inviteeMemberCodes: ['FR'] });
    const refused = await ics(meeting.id, jp).expect(404);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await ics('00000000-0000-4000-8000-000000000000', admin).expect(404);
  });
});
