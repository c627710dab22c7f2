import { addAgendaItems, makeHeld, scheduleMeeting } from '../factories/meetings.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('meetings: lists', () => {
  let test: TestApp;
  let admin: TestUser;
  let ids: string[];

  const url = (id: string, step = '') => `/api/v1/meetings/${id}${step ? `/${step}` : ''}`;

  beforeAll(async () => {
    test = await startTestApp();
    admin = await signedIn(test, 'admin');
    // Own invitee (SE) so that these tests see only their meetings.
    const starts = ['2031-01-10T09:00:00Z', '2031-01-10T09:00:00Z', '2031-02-01T09:00:00Z', '2031-03-01T09:00:00Z'];
    ids = [];
    for (const startsAt of starts) {
      const endsAt = new Date(new Date(startsAt).getTime() + 3600_000).toISOString();
      ids.push((await scheduleMeeting(test, admin, { startsAt, endsAt, inviteeMemberCodes: ['SE'] })).id);
    }
    await test.http.post(url(ids[3], 'cancel')).set(bearer(admin)).expect(200);
    const held = await scheduleMeeting(test, admin, { inviteeMemberCodes: ['SE'] });
    await makeHeld(test, held.id);
    ids.unshift(held.id);
    await addAgendaItems(test, admin, ids[3], ['Opening', 'Threat picture']);
  });
  afterAll(() => test.close());

  const seList = async (query: string) => {
    const se = await signedIn(test, 'observer', 'SE');
    return test.http.get(`/api/v1/meetings?${query}`).set(bearer(se)).expect(200);
  };

  it('pages by start time with ties broken by id, agendas included', async () => {
    const se = await signedIn(test, 'observer', 'SE');
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = (
        await test.http
          .get(`/api/v1/meetings?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(se))
          .expect(200)
      ).body as { data: { id: string; agenda: { title: string }[] }[]; nextCursor: string | null };
      expect(page.data.length).toBeLessThanOrEqual(2);
      for (const meeting of page.data) {
        expect(meeting.agenda.map((item) => item.title)).toEqual(
          meeting.id === ids[3] ? ['Opening', 'Threat picture'] : [],
        );
      }
      seen.push(...page.data.map((meeting) => meeting.id));
      cursor = page.nextCursor;
    }
    const tied = [ids[1], ids[2]].sort();
    expect(seen).toEqual([ids[0], ...tied, ids[3], ids[4]]);
  });

  it('filters by start instant and by status (held derived from the clock)', async () => {
    const window = await seList(`from=${encodeURIComponent('2031-01-15T00:00:00+01:00')}&to=2031-03-01T09:00:00Z`);
    expect(window.body.data.map((meeting: { id: string }) => meeting.id)).toEqual([ids[3]]);
    const cancelled = await seList('status=cancelled');
    expect(cancelled.body.data.map((meeting: { id: string }) => meeting.id)).toEqual([ids[4]]);
    const held = await seList('status=held');
    expect(held.body.data.map((meeting: { id: string; status: string }) => [meeting.id, meeting.status])).toEqual([
      [ids[0], 'held'],
    ]);
    const scheduled = await seList('status=scheduled');
    expect(scheduled.body.data).toHaveLength(3);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['status=done', 'status'],
    ['from=yesterday', 'from'],
    ['cursor=abc', 'cursor'],
    [`cursor=${Buffer.from('["2031-01-10T09:00:00Z","not-an-id"]').toString('base64url')}`, 'cursor'],
    ['colour=red', 'colour'],
  ])('refuses %s with a 400', async (query, field) => {
    const response = await test.http.get(`/api/v1/meetings?${query}`).set(bearer(admin)).expect(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('shows a meeting the same in the list as on its own, agenda and minutes included', async () => {
    const secretariat = await signedIn(test, 'secretariat');
    const startsAt = '2031-04-01T09:00:00.000Z';
    const meeting = await scheduleMeeting(test, admin, {
      startsAt,
      endsAt: '2031-04-01T10:30:00.000Z',
      inviteeMemberCodes: ['SE'],
    });
    await addAgendaItems(test, admin, meeting.id, ['Opening', 'Any other business']);
    const current = await test.http.get(url(meeting.id)).set(bearer(admin)).expect(200);
    await test.http
      .put(url(meeting.id, 'minutes'))
      .set(bearer(secretariat))
      .set('If-Match', `"${current.body.version}"`)
      .send({
        text: 'The members reviewed the threat picture.',
        actionItems: [{ title: 'Share the network map', ownerMemberCode: 'SE', dueDate: '2031-05-15' }],
      })
      .expect(200);
    const one = await test.http.get(url(meeting.id)).set(bearer(admin)).expect(200);
    const list = await test.http
      .get('/api/v1/meetings')
      .query({ from: startsAt, to: '2031-04-01T09:00:00.001Z' })
      .set(bearer(admin))
      .expect(200);
    expect(one.body.agenda.map((item: { title: string }) => item.title)).toEqual(['Opening', 'Any other business']);
    expect(one.body.minutes).toEqual(expect.objectContaining({ text: 'The members reviewed the threat picture.' }));
    expect(list.body.data).toEqual([one.body]);
  });
});
