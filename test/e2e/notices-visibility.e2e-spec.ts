import { draftNotice, sharedNotice } from '../factories/notices.js';
import { bearer, type TestUser } from '../factories/users.js';
import { signedInViewers, STAFF, VIEWERS, visibilityCases, type Viewer } from '../factories/viewers.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * Each notice (by audience and status) against each viewer. FR wrote the member notices; the secretariat wrote
 * the last two (their source is CA, yet Canada's focal point is not their author).
 */
const TABLE: { notice: string; seen: Viewer[] }[] = [
  { notice: 'FR draft, audience all', seen: ['fr'] },
  { notice: 'FR submitted, audience all', seen: ['fr'] },
  { notice: 'FR rejected, audience all', seen: ['fr'] },
  { notice: 'shared to all', seen: ['fr', 'de', 'ca', 'au', 'nz'] },
  { notice: 'shared to members', seen: ['fr', 'de', 'ca'] },
  { notice: 'shared to selected DE and AU', seen: ['fr', 'de', 'au'] },
  { notice: 'RED shared to selected DE', seen: ['fr', 'de'] },
  { notice: 'archived, was shared to all', seen: ['fr', 'de', 'ca', 'au', 'nz'] },
  { notice: 'archived, was shared to members', seen: ['fr', 'de', 'ca'] },
  { notice: 'secretariat draft', seen: [] },
  { notice: 'secretariat shared to selected NZ', seen: ['nz'] },
];
const CASES = visibilityCases(TABLE, (row) => row.notice);

describe('notices: visibility', () => {
  let test: TestApp;
  let users: Record<Viewer, TestUser>;
  const ids: Record<string, string> = {};
  /** One search word per notice, in its title. */
  const marker = (notice: string) => `vis${TABLE.findIndex((row) => row.notice === notice)}marker`;

  beforeAll(async () => {
    test = await startTestApp();
    users = await signedInViewers(test);
    const { fr, secretariat } = users;
    const post = (id: string, step: string, body: object = {}) =>
      test.http.post(`/api/v1/notices/${id}/${step}`).set(bearer(secretariat)).send(body).expect(200);
    const title = (notice: string) => ({ title: `${notice} ${marker(notice)}` });
    const all = { audience: { scope: 'all' } };
    const members = { audience: { scope: 'members' } };

    const draftOf = (notice: string, author: TestUser, extra: object = all) =>
      draftNotice(test, author, { ...title(notice), ...extra });
    ids['FR draft, audience all'] = (await draftOf('FR draft, audience all', fr)).id;
    const submitted = await draftOf('FR submitted, audience all', fr);
    await test.http.post(`/api/v1/notices/${submitted.id}/submit`).set(bearer(fr)).expect(200);
    ids['FR submitted, audience all'] = submitted.id;
    const rejected = await draftOf('FR rejected, audience all', fr);
    await test.http.post(`/api/v1/notices/${rejected.id}/submit`).set(bearer(fr)).expect(200);
    await post(rejected.id, 'reject', { reason: 'Out of scope.' });
    ids['FR rejected, audience all'] = rejected.id;

    const shared = (notice: string, extra: object, author = fr) =>
      sharedNotice(test, author, secretariat, { ...title(notice), ...extra }).then((n) => (ids[notice] = n.id));
    await shared('shared to all', all);
    await shared('shared to members', members);
    await shared('shared to selected DE and AU', { audience: { scope: 'selected', memberCodes: ['DE', 'AU'] } });
    await shared('RED shared to selected DE', { tlp: 'RED', audience: { scope: 'selected', memberCodes: ['DE'] } });
    await post(await shared('archived, was shared to all', all), 'archive');
    await post(await shared('archived, was shared to members', members), 'archive');
    ids['secretariat draft'] = (await draftOf('secretariat draft', secretariat)).id;
    await shared(
      'secretariat shared to selected NZ',
      { audience: { scope: 'selected', memberCodes: ['NZ'] } },
      secretariat,
    );
  });
  afterAll(() => test.close());

  it.each(CASES)('%s: %s → %s on GET /notices/{id}', async (notice, viewer, expected) => {
    const response = await test.http.get(`/api/v1/notices/${ids[notice]}`).set(bearer(users[viewer]));
    expect(response.status).toBe(expected === 'seen' ? 200 : 404);
    if (expected === 404) expect(JSON.stringify(response.body)).not.toContain(marker(notice));
  });

  it.each(VIEWERS)('lists exactly the notices %s may see', async (viewer) => {
    const response = await test.http.get('/api/v1/notices?limit=100').set(bearer(users[viewer])).expect(200);
    const listed = response.body.data.map((notice: { id: string }) => notice.id).sort();
    const expected = CASES.filter(([, who, seen]) => who === viewer && seen === 'seen')
      .map(([notice]) => ids[notice])
      .sort();
    expect(listed).toEqual(expected);
  });

  it.each(CASES)('%s: %s → %s when searching for it', async (notice, viewer, expected) => {
    const response = await test.http
      .get('/api/v1/notices')
      .query({ q: marker(notice) })
      .set(bearer(users[viewer]))
      .expect(200);
    expect(response.body.data.map((n: { id: string }) => n.id)).toEqual(expected === 'seen' ? [ids[notice]] : []);
  });

  it.each(CASES.filter(([, viewer]) => !STAFF.includes(viewer)))(
    '%s: %s → %s when acknowledging',
    async (notice, viewer, expected) => {
      const response = await test.http
        .post(`/api/v1/notices/${ids[notice]}/acknowledgements`)
        .set(bearer(users[viewer]));
      if (expected === 404) expect(response.status).toBe(404);
      else expect([200, 201, 403, 409]).toContain(response.status);
    },
  );

  it.each(Object.keys(Object.fromEntries(TABLE.map((row) => [row.notice, 1]))))(
    'lets the secretariat read acknowledgements of "%s"',
    async (notice) => {
      await test.http.get(`/api/v1/notices/${ids[notice]}/acknowledgements`).set(bearer(users.secretariat)).expect(200);
    },
  );
});
