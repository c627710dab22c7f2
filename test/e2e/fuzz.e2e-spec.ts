import fc from 'fast-check';
import type { Role } from '../../src/common/request-context.js';
import { addAgendaItems, meetingInput, scheduleMeeting } from '../factories/meetings.js';
import { draftNotice, noticeInput } from '../factories/notices.js';
import { draftProposal, openProposal, proposalInput } from '../factories/proposals.js';
import { DEFAULT_MEMBER, signedInRoles, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** Cases per endpoint: FUZZ_RUNS (1,000 for a full run; CI runs fewer). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

interface Target {
  method: 'post' | 'patch' | 'put';
  /** `{id}` and `{itemId}` are filled from records made in beforeAll. */
  path: string;
  as: Role;
  /** A valid body: each case breaks it in one hostile way. */
  valid: () => Record<string, unknown>;
  /** Fields where null means "none", so null is no wrong value for them. */
  nullable?: string[];
}

const hostileString = fc.oneof(
  fc.constantFrom(
    "'; DROP TABLE notice; --",
    '<script>alert(1)</script>',
    '${7*7}{{7*7}}',
    '../../etc/passwd',
    '\u0000',
    '\u202e\u200b\ud800',
    '%00%0d%0aSet-Cookie: x=1',
    'x'.repeat(300_000),
  ),
  fc.string({ unit: 'binary', maxLength: 50 }),
);
/** Values of the wrong type for every field of the targets (all of which are strings, arrays of strings or objects). */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.object()), { minLength: 1, maxLength: 3 }),
  fc.constant('\u0000'),
);

/** A body that must be refused: an unknown (or prototype) key, or one field given a wrong or hostile value. */
const brokenBody = (valid: Record<string, unknown>, nullable: string[] = []) =>
  fc.oneof(
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'role ', ''),
          fc.string({ minLength: 1, maxLength: 20 }),
        ),
        fc.anything(),
      )
      .filter(([key]) => !(key in valid))
      .map(([key, value]) =>
        JSON.stringify({ ...valid, [key]: value }).replace(
          /}$/,
          `,${JSON.stringify(key)}:${JSON.stringify(value ?? null)}}`,
        ),
      ),
    fc
      .tuple(fc.constantFrom(...Object.keys(valid)), wrongType)
      .filter(([field, value]) => !(value === null && (nullable.includes(field) || valid[field] === null)))
      .map(([field, value]) => JSON.stringify({ ...valid, [field]: value })),
    fc.constantFrom('{', '[]', 'null', '"text"', '{"a":', '\u0000', '{}'),
  );

const TARGETS: Target[] = [
  {
    method: 'post',
    path: '/api/v1/members',
    as: 'admin',
    valid: () => ({ code: 'PL', name: 'Poland', kind: 'observer' }),
  },
  {
    method: 'post',
    path: '/api/v1/users',
    as: 'admin',
    valid: () => ({ email: 'fuzz@example.org', displayName: 'Fuzz', role: 'focal_point', memberCode: 'FR' }),
  },
  { method: 'post', path: '/api/v1/notices', as: 'focal_point', valid: () => noticeInput() },
  {
    method: 'post',
    path: '/api/v1/auth/login',
    as: 'anonymous' as Role,
    valid: () => ({ email: 'a@b.org', password: 'p' }),
  },
  { method: 'patch', path: '/api/v1/notices/{noticeId}', as: 'secretariat', valid: () => ({ title: 'Edited' }) },
  {
    method: 'post',
    path: '/api/v1/notices/{noticeId}/reject',
    as: 'secretariat',
    valid: () => ({ reason: 'Out of scope' }),
  },
  { method: 'post', path: '/api/v1/proposals', as: 'secretariat', valid: () => proposalInput() },
  {
    method: 'patch',
    path: '/api/v1/proposals/{draftProposalId}',
    as: 'secretariat',
    valid: () => ({ title: 'Edited' }),
  },
  {
    method: 'put',
    path: '/api/v1/proposals/{proposalId}/replies/FR',
    as: 'focal_point',
    valid: () => ({ position: 'object', comment: 'France objects.' }),
  },
  {
    method: 'post',
    path: '/api/v1/meetings',
    as: 'admin',
    valid: () => meetingInput(),
    nullable: ['virtualUrl', 'location'],
  },
  { method: 'patch', path: '/api/v1/meetings/{meetingId}', as: 'admin', valid: () => ({ title: 'Edited' }) },
  {
    method: 'post',
    path: '/api/v1/meetings/{meetingId}/agenda-items',
    as: 'secretariat',
    valid: () => ({ title: 'Item' }),
  },
  {
    method: 'put',
    path: '/api/v1/meetings/{meetingId}/attendance/FR',
    as: 'focal_point',
    valid: () => ({ response: 'accepted', attendees: ['A. Martin'] }),
  },
  {
    method: 'put',
    path: '/api/v1/meetings/{meetingId}/minutes',
    as: 'secretariat',
    valid: () => ({ text: 'Minutes', actionItems: [] }),
  },
  { method: 'patch', path: '/api/v1/users/{userId}', as: 'admin', valid: () => ({ displayName: 'Edited' }) },
  {
    method: 'post',
    path: '/api/v1/auth/api-keys',
    as: 'focal_point',
    valid: () => ({ name: 'k', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }),
  },
];

/** Rows in every table a write could touch (the audit trail and idempotency records aside: failures may be audited). */
async function rowCounts(test: TestApp): Promise<string> {
  const rows = await test.dataSource.query(
    `SELECT (SELECT count(*) FROM member) AS members, (SELECT count(*) FROM app_user) AS users,
            (SELECT count(*) FROM notice) AS notices, (SELECT count(*) FROM api_key) AS keys,
            (SELECT count(*) FROM outbox_message) AS mail, (SELECT count(*) FROM proposal) AS proposals,
            (SELECT count(*) FROM proposal_reply) AS replies, (SELECT count(*) FROM meeting) AS meetings,
            (SELECT count(*) FROM meeting_agenda_item) AS items, (SELECT count(*) FROM meeting_attendance) AS attendance,
            (SELECT sum(version) FROM notice) + (SELECT sum(version) FROM meeting) + (SELECT sum(version) FROM proposal)
              + (SELECT sum(version) FROM app_user) AS versions`,
  );
  return JSON.stringify(rows[0]);
}

describe('fuzzing the write endpoints with hostile bodies', () => {
  let test: TestApp;
  let users: Record<Role, TestUser>;
  const ids: Record<string, string> = {};
  const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]);

  beforeAll(async () => {
    test = await startTestApp();
    users = await signedInRoles(test);
    ids.noticeId = (await draftNotice(test, users.secretariat)).id;
    ids.draftProposalId = (await draftProposal(test, users.secretariat)).id;
    ids.proposalId = (await openProposal(test, users.secretariat)).id;
    const meeting = await scheduleMeeting(test, users.admin, { hostMemberCodes: ['FR'], inviteeMemberCodes: ['AU'] });
    ids.meetingId = meeting.id;
    await addAgendaItems(test, users.secretariat, meeting.id, ['Opening']);
    ids.userId = users.observer.id;
  });
  afterAll(() => test.close());

  it.each(TARGETS)('$method $path answers only 4xx problem+json and changes nothing', async (target) => {
    const before = await rowCounts(test);
    await fc.assert(
      fc.asyncProperty(brokenBody(target.valid(), target.nullable), async (body) => {
        const call = test.http[target.method](fill(target.path)).set('Content-Type', 'application/json');
        if (target.as in DEFAULT_MEMBER) call.set('Authorization', `Bearer ${users[target.as].token}`);
        const response = await call.send(body);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        const text = JSON.stringify(response.body);
        expect(text).not.toMatch(/at \w+ \(|node_modules|QueryFailedError|\/work\/|SELECT |INSERT |syntax error/);
      }),
      { numRuns: RUNS },
    );
    expect(await rowCounts(test)).toBe(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.each(TARGETS)('$method $path stores hostile text safely or refuses it, never a 5xx', async (target) => {
    const valid = target.valid();
    const textFields = Object.keys(valid).filter((field) => typeof valid[field] === 'string');
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...textFields), hostileString, async (field, value) => {
        const body = { ...valid, [field]: value };
        if (target.path.endsWith('/members'))
          body.code = `Z${String.fromCharCode(65 + (counter % 26))}${String.fromCharCode(65 + (Math.floor(counter / 26) % 26))}`;
        if (target.path.endsWith('/users') && field !== 'email') body.email = `fuzz${counter}@example.org`;
        counter++;
        const call = test.http[target.method](fill(target.path));
        if (target.method === 'patch') call.set('If-Match', '"1"');
        if (target.as in DEFAULT_MEMBER) call.set('Authorization', `Bearer ${users[target.as].token}`);
        const response = await call.send(body);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 5)) },
    );
  });

  it('refuses deeply nested JSON with a 400, signed in or not, before anything reads it', async () => {
    const deep = `{"email":${'['.repeat(5_000)}${']'.repeat(5_000)},"password":"x"}`;
    for (const call of [
      test.http.post('/api/v1/auth/login'),
      test.http.post('/api/v1/users').set('Authorization', `Bearer ${users.admin.token}`),
    ]) {
      const response = await call.set('Content-Type', 'application/json').send(deep);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors[0].message).toMatch(/must not nest more than \d+ levels deep/);
    }
  });

  it('answers hostile path ids and query strings with 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileString, fc.string({ maxLength: 40 })),
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'q', 'from', 'tlp', 'x'), hostileString, {
          maxKeys: 3,
        }),
        async (id, query) => {
          const path =
            encodeURIComponent((id.slice(0, 200) as string & { toWellFormed(): string }).toWellFormed()) || 'x';
          const one = await test.http
            .get(`/api/v1/notices/${path}`)
            .set('Authorization', `Bearer ${users.secretariat.token}`);
          expect([400, 404]).toContain(one.status);
          const list = await test.http
            .get('/api/v1/notices')
            .query(Object.fromEntries(Object.entries(query).map(([key, value]) => [key, value.slice(0, 2000)])))
            .set('Authorization', `Bearer ${users.secretariat.token}`);
          expect(list.status).toBeLessThan(500);
        },
      ),
      { numRuns: Math.max(20, Math.floor(RUNS / 5)) },
    );
  });
});
