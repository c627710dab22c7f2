import { addAgendaItems, makeHeld, scheduleMeeting } from '../factories/meetings.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('meetings: agenda', () => {
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

  const items = (meetingId: string) => `/api/v1/meetings/${meetingId}/agenda-items`;
  const order = (meetingId: string) => `/api/v1/meetings/${meetingId}/agenda-order`;
  const agenda = async (meetingId: string, user = fr) =>
    (await test.http.get(items(meetingId)).set(bearer(user)).expect(200)).body.data as {
      id: string;
      position: number;
      title: string;
    }[];
  const titles = async (meetingId: string) => (await agenda(meetingId)).map((item) => `${item.position} ${item.title}`);
  const actions = async (head: number) => (await auditEventsSince(test.dataSource, head)).map((e) => e.action);

  it('appends items (secretariat and admins), inserts at a position and shifts the rest, each audited', async () => {
    const meeting = await scheduleMeeting(test, admin);
    const head = await auditHead(test.dataSource);
    const first = await test.http
      .post(items(meeting.id))
      .set(bearer(secretariat))
      .send({
        title: 'Opening',
        description: 'Welcome by the co-hosts',
        durationMinutes: 10,
        presenterMemberCode: 'CA',
      })
      .expect(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      position: 1,
      title: 'Opening',
      description: 'Welcome by the co-hosts',
      presenterMemberCode: 'CA',
      durationMinutes: 10,
      noticeId: null,
      proposalId: null,
      version: 1,
    });
    expect(first.headers.etag).toBe('"1"');
    await test.http.post(items(meeting.id)).set(bearer(admin)).send({ title: 'Threat picture' }).expect(201);
    await test.http.post(items(meeting.id)).set(bearer(secretariat)).send({ title: 'AOB' }).expect(201);
    await test.http
      .post(items(meeting.id))
      .set(bearer(secretariat))
      .send({ title: 'Minutes', position: 2 })
      .expect(201);
    expect(await titles(meeting.id)).toEqual(['1 Opening', '2 Minutes', '3 Threat picture', '4 AOB']);
    expect(await actions(head)).toEqual(Array(4).fill('meeting.agenda_item_added'));
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(expect.objectContaining({ entity_type: 'meeting', entity_id: meeting.id }));
    expect(event.changes).toEqual({ after: expect.objectContaining({ id: first.body.id, title: 'Opening' }) });
    // The meeting's view holds the agenda, and its version follows every change to it.
    const view = await test.http.get(`/api/v1/meetings/${meeting.id}`).set(bearer(fr)).expect(200);
    expect(view.body.agenda.map((item: { title: string }) => item.title)).toEqual([
      'Opening',
      'Minutes',
      'Threat picture',
      'AOB',
    ]);
    expect(view.body.version).toBe(5);
  });

  it.each([
    ['a position past the end', { title: 'x', position: 3 }, 'position'],
    ['position 0', { title: 'x', position: 0 }, 'position'],
    ['a blank title', { title: ' ' }, 'title'],
    ['an uninvited presenter', { title: 'x', presenterMemberCode: 'JP' }, 'presenterMemberCode'],
    ['a duration of 0', { title: 'x', durationMinutes: 0 }, 'durationMinutes'],
    ['a notice id that names nothing', { title: 'x', noticeId: '00000000-0000-4000-8000-000000000000' }, 'noticeId'],
    ['a malformed notice id', { title: 'x', noticeId: 'RRM-2026-0001' }, 'noticeId'],
    [
      'a proposal id that names nothing',
      { title: 'x', proposalId: '00000000-0000-4000-8000-000000000000' },
      'proposalId',
    ],
    ['an unknown property', { title: 'x', owner: 'FR' }, 'owner'],
  ])('refuses %s with a 400 and changes nothing', async (_, body, field) => {
    const meeting = await scheduleMeeting(test, admin);
    await addAgendaItems(test, secretariat, meeting.id, ['Only item']);
    const head = await auditHead(test.dataSource);
    const response = await test.http.post(items(meeting.id)).set(bearer(secretariat)).send(body).expect(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    if (field === 'proposalId') expect(response.body.detail).toContain('names no proposal');
    expect(await titles(meeting.id)).toEqual(['1 Only item']);
    expect(await actions(head)).toEqual([]);
  });

  it('edits an item with its ETag (428 without, 412 stale), auditing only what changed', async () => {
    const meeting = await scheduleMeeting(test, admin);
    const [item] = await addAgendaItems(test, secretariat, meeting.id, ['Draft title']);
    const url = `${items(meeting.id)}/${item.id}`;
    const head = await auditHead(test.dataSource);
    await test.http.patch(url).set(bearer(secretariat)).send({ title: 'x' }).expect(428);
    await test.http.patch(url).set(bearer(secretariat)).set('If-Match', '"5"').send({ title: 'x' }).expect(412);
    const edited = await test.http
      .patch(url)
      .set(bearer(secretariat))
      .set('If-Match', '"1"')
      .send({ title: 'Final title', durationMinutes: 30, presenterMemberCode: 'FR' })
      .expect(200);
    expect(edited.body).toEqual(
      expect.objectContaining({ title: 'Final title', durationMinutes: 30, presenterMemberCode: 'FR', version: 2 }),
    );
    const cleared = await test.http
      .patch(url)
      .set(bearer(admin))
      .set('If-Match', '"2"')
      .send({ presenterMemberCode: null })
      .expect(200);
    expect(cleared.body.presenterMemberCode).toBeNull();
    await test.http.patch(url).set(bearer(admin)).set('If-Match', '"3"').send({ position: 1 }).expect(400);
    const described = await test.http
      .patch(url)
      .set(bearer(admin))
      .set('If-Match', '"3"')
      .send({ description: 'Background reading' })
      .expect(200);
    // A description's "none" is the empty text: null clears it.
    const undescribed = await test.http
      .patch(url)
      .set(bearer(admin))
      .set('If-Match', `"${described.body.version}"`)
      .send({ description: null })
      .expect(200);
    expect(undescribed.body.description).toBe('');
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => event.action)).toEqual(Array(4).fill('meeting.agenda_item_updated'));
    expect(events[0].changes).toEqual({
      itemId: item.id,
      changes: {
        title: { from: 'Draft title', to: 'Final title' },
        presenterMemberCode: { from: null, to: 'FR' },
        durationMinutes: { from: null, to: 30 },
      },
    });
  });

  it('deletes an item and closes the gap; a deleted or foreign item is a 404', async () => {
    const meeting = await scheduleMeeting(test, admin);
    const other = await scheduleMeeting(test, admin);
    const [a, b, c] = await addAgendaItems(test, secretariat, meeting.id, ['A', 'B', 'C']);
    const head = await auditHead(test.dataSource);
    await test.http
      .delete(`${items(other.id)}/${b.id}`)
      .set(bearer(secretariat))
      .expect(404);
    await test.http
      .delete(`${items(meeting.id)}/${b.id}`)
      .set(bearer(secretariat))
      .set('If-Match', '"9"')
      .expect(412);
    await test.http
      .delete(`${items(meeting.id)}/${b.id}`)
      .set(bearer(secretariat))
      .expect(204);
    await test.http
      .delete(`${items(meeting.id)}/${b.id}`)
      .set(bearer(secretariat))
      .expect(404);
    expect(await titles(meeting.id)).toEqual(['1 A', '2 C']);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => event.action)).toEqual(['meeting.agenda_item_removed']);
    expect(events[0].changes).toEqual({ before: expect.objectContaining({ id: b.id, title: 'B', position: 2 }) });
    // C moved up: its version moved with it.
    const moved = (await agenda(meeting.id)).find((item) => item.id === c.id) as unknown as { version: number };
    expect(moved.version).toBe(2);
    expect(a.version).toBe(1);
  });

  it('reorders with the full list of current ids, each once; any other list is a 400', async () => {
    const meeting = await scheduleMeeting(test, admin);
    const [a, b, c] = await addAgendaItems(test, secretariat, meeting.id, ['A', 'B', 'C']);
    const other = (await addAgendaItems(test, secretariat, (await scheduleMeeting(test, admin)).id, ['X']))[0];
    const head = await auditHead(test.dataSource);
    for (const itemIds of [
      [a.id, b.id],
      [a.id, b.id, c.id, c.id],
      [a.id, b.id, b.id],
      [a.id, b.id, other.id],
      [],
      ['not-a-uuid', b.id, c.id],
    ]) {
      const response = await test.http.put(order(meeting.id)).set(bearer(secretariat)).send({ itemIds }).expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)[0]).toMatch(/^itemIds/);
    }
    await test.http.put(order(meeting.id)).set(bearer(secretariat)).send({}).expect(400);
    expect(await actions(head)).toEqual([]);

    const version = (await test.http.get(`/api/v1/meetings/${meeting.id}`).set(bearer(admin))).body.version;
    await test.http
      .put(order(meeting.id))
      .set(bearer(secretariat))
      .set('If-Match', `"${version - 1}"`)
      .send({ itemIds: [c.id, a.id, b.id] })
      .expect(412);
    const reordered = await test.http
      .put(order(meeting.id))
      .set(bearer(secretariat))
      .set('If-Match', `"${version}"`)
      .send({ itemIds: [c.id, a.id, b.id] })
      .expect(200);
    expect(
      reordered.body.agenda.map((item: { title: string; position: number }) => `${item.position} ${item.title}`),
    ).toEqual(['1 C', '2 A', '3 B']);
    expect(reordered.body.version).toBe(version + 1);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => event.action)).toEqual(['meeting.agenda_reordered']);
    expect(events[0].changes).toEqual({ from: [a.id, b.id, c.id], to: [c.id, a.id, b.id] });
  });

  it('keeps positions dense under concurrent additions and reorders (each change locks the meeting)', async () => {
    const meeting = await scheduleMeeting(test, admin);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        test.http
          .post(items(meeting.id))
          .set(bearer(index % 2 ? admin : secretariat))
          .send({ title: `Item ${index}`, ...(index % 3 === 0 ? { position: 1 } : {}) }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    const current = await agenda(meeting.id);
    expect(current.map((item) => item.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(current.map((item) => item.title)).size).toBe(8);
    const reversed = [...current].reverse().map((item) => item.id);
    const rotated = [...current.slice(1), current[0]].map((item) => item.id);
    const orders = await Promise.all(
      [reversed, rotated].map((itemIds) => test.http.put(order(meeting.id)).set(bearer(secretariat)).send({ itemIds })),
    );
    expect(orders.map((response) => response.status)).toEqual([200, 200]);
    expect((await agenda(meeting.id)).map((item) => item.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('pages the agenda by position', async () => {
    const meeting = await scheduleMeeting(test, admin);
    await addAgendaItems(test, secretariat, meeting.id, ['1', '2', '3', '4', '5']);
    const first = await test.http
      .get(`${items(meeting.id)}?limit=2`)
      .set(bearer(fr))
      .expect(200);
    expect(first.body.data.map((item: { title: string }) => item.title)).toEqual(['1', '2']);
    const second = await test.http
      .get(`${items(meeting.id)}?limit=3&cursor=${first.body.nextCursor}`)
      .set(bearer(fr))
      .expect(200);
    expect(second.body.data.map((item: { title: string }) => item.title)).toEqual(['3', '4', '5']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('leaves the agenda of a cancelled or held meeting as it was (409)', async () => {
    for (const end of ['cancel', 'held'] as const) {
      const meeting = await scheduleMeeting(test, admin);
      const [item] = await addAgendaItems(test, secretariat, meeting.id, ['A']);
      if (end === 'cancel')
        await test.http.post(`/api/v1/meetings/${meeting.id}/cancel`).set(bearer(admin)).expect(200);
      else await makeHeld(test, meeting.id);
      const head = await auditHead(test.dataSource);
      await test.http.post(items(meeting.id)).set(bearer(secretariat)).send({ title: 'B' }).expect(409);
      await test.http
        .patch(`${items(meeting.id)}/${item.id}`)
        .set(bearer(secretariat))
        .set('If-Match', '"1"')
        .send({ title: 'B' })
        .expect(409);
      await test.http
        .delete(`${items(meeting.id)}/${item.id}`)
        .set(bearer(secretariat))
        .expect(409);
      await test.http
        .put(order(meeting.id))
        .set(bearer(secretariat))
        .send({ itemIds: [item.id] })
        .expect(409);
      await test.http.post(`/api/v1/meetings/${meeting.id}/agenda/circulate`).set(bearer(secretariat)).expect(409);
      expect(await actions(head)).toEqual([]);
    }
  });

  it('lets neither focal points nor auditors touch the agenda', async () => {
    const meeting = await scheduleMeeting(test, admin);
    await test.http.post(items(meeting.id)).set(bearer(fr)).send({ title: 'x' }).expect(403);
    const auditor = await signedIn(test, 'auditor');
    await test.http.post(items(meeting.id)).set(bearer(auditor)).send({ title: 'x' }).expect(403);
  });
});
