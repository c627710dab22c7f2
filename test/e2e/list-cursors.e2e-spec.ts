import { addAgendaItems, scheduleMeeting } from '../factories/meetings.js';
import { openProposal } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { walkPages } from '../utils/pages.js';

const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const ID = '8e14dc8f-8420-4385-8647-d09e5a31933e';
const INSTANT = '2026-01-01T00:00:00.000Z';

/** Every list, with a position of the shape it issues: each forged variant below must be refused. */
const LISTS: { path: string; issued: unknown[] }[] = [
  { path: '/api/v1/notices', issued: [INSTANT, ID] },
  { path: '/api/v1/proposals', issued: [INSTANT, ID] },
  { path: '/api/v1/proposals/{proposalId}/replies', issued: [INSTANT, ID] },
  { path: '/api/v1/meetings', issued: [INSTANT, ID] },
  { path: '/api/v1/meetings/{meetingId}/agenda-items', issued: [1] },
  { path: '/api/v1/users', issued: [INSTANT, ID] },
  { path: '/api/v1/auth/api-keys', issued: [INSTANT, ID] },
  { path: '/api/v1/notifications/failed', issued: [INSTANT, ID] },
  { path: '/api/v1/audit-events', issued: [10] },
  { path: '/api/v1/members', issued: ['CA'] },
  { path: '/api/v1/members/FR/focal-points', issued: ['Élodie Martin', ID] },
];

/** Forged cursors: years PostgreSQL cannot take (a 500 before), wrong types, nulls, and extra text. */
function forgeries(issued: unknown[]): [string, string][] {
  return [
    ...(issued.includes(INSTANT)
      ? ([
          [
            'a year out of range',
            forged(issued.map((part) => (part === INSTANT ? '+275760-09-13T00:00:00.000Z' : part))),
          ],
        ] as [string, string][])
      : []),
    ['nulls', forged(issued.map(() => null))],
    ['a number for text and text for a number', forged(issued.map((part) => (typeof part === 'number' ? 'x' : 1.5)))],
    ['text appended to an issued cursor', `${forged(issued)}x`],
  ];
}

describe('list cursors', () => {
  let test: TestApp;
  let admin: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    test = await startTestApp();
    admin = await signedIn(test, 'admin');
    const secretariat = await signedIn(test, 'secretariat');
    ids.proposalId = (await openProposal(test, secretariat)).id;
    const meeting = await scheduleMeeting(test, admin);
    await addAgendaItems(test, admin, meeting.id, ['Opening']);
    ids.meetingId = meeting.id;
  });
  afterAll(() => test.close());

  const url = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]);

  it('walks focal points whose display names are long runs of 4-byte characters, one a page', async () => {
    const names = ['A' + '\u{1F600}'.repeat(199), 'B ' + '\u{10348}'.repeat(150), 'C plain'];
    for (const [index, displayName] of names.entries()) {
      await test.http
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({ email: `jp${index}@example.org`, displayName, role: 'focal_point', memberCode: 'JP' })
        .expect(201);
    }
    const seen = await walkPages<{ displayName: string }>(test, admin, '/api/v1/members/JP/focal-points', {
      limit: 1,
    });
    expect(seen.map((user) => user.displayName)).toEqual(names);
  });

  describe.each(LISTS)('$path', ({ path, issued }) => {
    it('takes a cursor of the shape it issues', async () => {
      await test.http
        .get(`${url(path)}?cursor=${forged(issued)}`)
        .set(bearer(admin))
        .expect(200);
    });

    it.each(forgeries(issued))('refuses a cursor with %s: 400 naming the cursor', async (_, cursor) => {
      const response = await test.http.get(`${url(path)}?cursor=${cursor}`).set(bearer(admin));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([{ field: 'cursor', message: 'is not a valid cursor' }]);
    });
  });
});
