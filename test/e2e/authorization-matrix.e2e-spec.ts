import type { Role } from '../../src/common/request-context.js';
import { addAgendaItems, scheduleMeeting } from '../factories/meetings.js';
import { sharedNotice } from '../factories/notices.js';
import { draftProposal, openProposal } from '../factories/proposals.js';
import { DEFAULT_MEMBER, signedIn, signedInRoles, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { listRoutes } from '../utils/routes.js';

type Who = Role | 'anonymous';
/** 'allowed': the guards let the call through (any answer but 401 and 403). */
type Outcome = 'allowed' | 401 | 403 | 404;
type Expectation = Record<Who, Outcome>;

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  expect: Expectation;
  body?: Record<string, unknown>;
  /** The call changes the caller's own session: each role gets a fresh user for it. */
  fresh?: boolean;
}

const ROLES: Role[] = ['admin', 'secretariat', 'focal_point', 'observer', 'auditor'];
const WHO: Who[] = [...ROLES, 'anonymous'];

const everyone: Expectation = {
  admin: 'allowed',
  secretariat: 'allowed',
  focal_point: 'allowed',
  observer: 'allowed',
  auditor: 'allowed',
  anonymous: 'allowed',
};
const signedInOnly: Expectation = { ...everyone, anonymous: 401 };
const only = (...roles: Role[]): Expectation =>
  Object.fromEntries(
    WHO.map((who) => [who, who === 'anonymous' ? 401 : roles.includes(who) ? 'allowed' : 403]),
  ) as Expectation;

const notFoundToAll: Expectation = {
  admin: 404,
  secretariat: 404,
  focal_point: 404,
  observer: 404,
  auditor: 404,
  anonymous: 401,
};

/**
 * Every route × every role. A route that is not in this table fails the "covers every route" test.
 * Placeholders: {userId} a focal point's id, {code} a member code (FR, the focal point's), {observerCode} AU (the
 * observer's), {randomId} a UUID of nothing,
 * {noticeId} a notice the focal point (FR) wrote and the secretariat shared with everyone,
 * {proposalId} an open proposal (everyone sees it; FR's focal point replies for FR),
 * {draftProposalId} a draft the secretariat opens, withdraws and fails to close as the rows run,
 * {meetingId} a meeting inviting FR and AU, with one agenda item {agendaItemId}.
 */
const MATRIX: Row[] = [
  { method: 'GET', path: '/health', expect: everyone },
  { method: 'GET', path: '/health/ready', expect: everyone },
  { method: 'GET', path: '/metrics', expect: everyone },
  { method: 'GET', path: '/set-password', expect: everyone },
  { method: 'GET', path: '/set-password.js', expect: everyone },
  { method: 'GET', path: '/set-password.css', expect: everyone },
  { method: 'POST', path: '/api/v1/auth/login', expect: everyone },
  { method: 'POST', path: '/api/v1/auth/refresh', expect: everyone },
  { method: 'POST', path: '/api/v1/auth/forgot-password', expect: everyone },
  { method: 'POST', path: '/api/v1/auth/set-password', expect: everyone },
  { method: 'POST', path: '/api/v1/auth/logout', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/auth/logout-all', expect: signedInOnly, fresh: true },
  { method: 'GET', path: '/api/v1/auth/me', expect: signedInOnly },
  { method: 'PATCH', path: '/api/v1/auth/me', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/auth/password', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/auth/mfa/setup', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/auth/mfa/enable', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/auth/mfa/disable', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/auth/api-keys', expect: signedInOnly },
  { method: 'GET', path: '/api/v1/auth/api-keys', expect: signedInOnly },
  { method: 'DELETE', path: '/api/v1/auth/api-keys/{randomId}', expect: signedInOnly },
  { method: 'GET', path: '/api/v1/members', expect: signedInOnly },
  { method: 'GET', path: '/api/v1/members/{code}', expect: signedInOnly },
  { method: 'GET', path: '/api/v1/members/{code}/focal-points', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/members', expect: only('admin') },
  { method: 'PATCH', path: '/api/v1/members/{code}', expect: only('admin') },
  { method: 'GET', path: '/api/v1/users', expect: only('admin') },
  { method: 'POST', path: '/api/v1/users', expect: only('admin') },
  { method: 'GET', path: '/api/v1/users/{userId}', expect: only('admin') },
  { method: 'PATCH', path: '/api/v1/users/{userId}', expect: only('admin') },
  { method: 'GET', path: '/api/v1/audit-events', expect: only('admin', 'auditor') },
  { method: 'GET', path: '/api/v1/audit-events/verify', expect: only('admin', 'auditor') },
  { method: 'GET', path: '/api/v1/notifications/failed', expect: only('admin') },
  { method: 'POST', path: '/api/v1/notifications/{randomId}/retry', expect: only('admin') },
  { method: 'GET', path: '/api/v1/notices', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/notices', expect: only('secretariat', 'focal_point', 'observer') },
  { method: 'GET', path: '/api/v1/notices/{noticeId}', expect: signedInOnly },
  { method: 'GET', path: '/api/v1/notices/{randomId}', expect: notFoundToAll },
  { method: 'PATCH', path: '/api/v1/notices/{noticeId}', expect: only('secretariat', 'focal_point', 'observer') },
  // Only the author's member submits: the secretariat and the observer see this notice but did not write it.
  { method: 'POST', path: '/api/v1/notices/{noticeId}/submit', expect: only('focal_point') },
  { method: 'POST', path: '/api/v1/notices/{noticeId}/share', expect: only('secretariat') },
  { method: 'POST', path: '/api/v1/notices/{noticeId}/reject', expect: only('secretariat') },
  { method: 'POST', path: '/api/v1/notices/{noticeId}/acknowledgements', expect: only('focal_point', 'observer') },
  { method: 'GET', path: '/api/v1/notices/{noticeId}/acknowledgements', expect: only('secretariat') },
  { method: 'POST', path: '/api/v1/notices/{noticeId}/archive', expect: only('secretariat') },
  { method: 'GET', path: '/api/v1/reports/notices', expect: only('admin', 'secretariat', 'auditor') },
  { method: 'GET', path: '/api/v1/proposals', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/proposals', expect: only('secretariat') },
  { method: 'GET', path: '/api/v1/proposals/{proposalId}', expect: signedInOnly },
  { method: 'GET', path: '/api/v1/proposals/{randomId}', expect: notFoundToAll },
  { method: 'PATCH', path: '/api/v1/proposals/{draftProposalId}', expect: only('secretariat') },
  { method: 'POST', path: '/api/v1/proposals/{draftProposalId}/open', expect: only('secretariat') },
  { method: 'POST', path: '/api/v1/proposals/{draftProposalId}/withdraw', expect: only('secretariat') },
  { method: 'POST', path: '/api/v1/proposals/{draftProposalId}/close', expect: only('secretariat') },
  { method: 'GET', path: '/api/v1/proposals/{proposalId}/replies', expect: signedInOnly },
  // Only a focal point of the member named in the path replies (observers lack the permission; staff too).
  {
    method: 'PUT',
    path: '/api/v1/proposals/{proposalId}/replies/{code}',
    expect: only('focal_point'),
    body: { position: 'support' },
  },
  { method: 'GET', path: '/api/v1/meetings', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/meetings', expect: only('admin') },
  // The meeting invites FR and AU: every role sees it (staff, the FR focal point, the AU observer).
  { method: 'GET', path: '/api/v1/meetings/{meetingId}', expect: signedInOnly },
  { method: 'GET', path: '/api/v1/meetings/{randomId}', expect: notFoundToAll },
  { method: 'PATCH', path: '/api/v1/meetings/{meetingId}', expect: only('admin') },
  { method: 'GET', path: '/api/v1/meetings/{meetingId}/calendar.ics', expect: signedInOnly },
  { method: 'GET', path: '/api/v1/meetings/{meetingId}/agenda-items', expect: signedInOnly },
  { method: 'POST', path: '/api/v1/meetings/{meetingId}/agenda-items', expect: only('admin', 'secretariat') },
  {
    method: 'PATCH',
    path: '/api/v1/meetings/{meetingId}/agenda-items/{agendaItemId}',
    expect: only('admin', 'secretariat'),
  },
  {
    method: 'DELETE',
    path: '/api/v1/meetings/{meetingId}/agenda-items/{agendaItemId}',
    expect: only('admin', 'secretariat'),
  },
  { method: 'PUT', path: '/api/v1/meetings/{meetingId}/agenda-order', expect: only('admin', 'secretariat') },
  { method: 'POST', path: '/api/v1/meetings/{meetingId}/agenda/circulate', expect: only('admin', 'secretariat') },
  { method: 'GET', path: '/api/v1/meetings/{meetingId}/attendance', expect: signedInOnly },
  // Only a focal point or observer of that member replies for it: the AU observer may not answer for FR.
  {
    method: 'PUT',
    path: '/api/v1/meetings/{meetingId}/attendance/{code}',
    expect: only('focal_point'),
    body: { response: 'tentative', attendees: [] },
  },
  {
    method: 'PUT',
    path: '/api/v1/meetings/{meetingId}/attendance/{observerCode}',
    expect: only('observer'),
    body: { response: 'tentative', attendees: [] },
  },
  { method: 'PUT', path: '/api/v1/meetings/{meetingId}/minutes', expect: only('secretariat') },
  // Last: it ends the meeting's schedule for the rows above.
  { method: 'POST', path: '/api/v1/meetings/{meetingId}/cancel', expect: only('admin') },
];

describe('authorization matrix', () => {
  let test: TestApp;
  let users: Record<Role, TestUser>;
  let placeholders: Record<string, string>;

  beforeAll(async () => {
    test = await startTestApp();
    users = await signedInRoles(test);
    placeholders = {
      userId: users.focal_point.id,
      code: 'FR',
      observerCode: 'AU',
      randomId: '00000000-0000-4000-8000-000000000000',
      noticeId: (await sharedNotice(test, users.focal_point, users.secretariat)).id,
      proposalId: (await openProposal(test, users.secretariat)).id,
      draftProposalId: (await draftProposal(test, users.secretariat)).id,
    };
    const meeting = await scheduleMeeting(test, users.admin, {
      hostMemberCodes: ['CA'],
      inviteeMemberCodes: ['FR', 'AU'],
    });
    placeholders.meetingId = meeting.id;
    placeholders.agendaItemId = (await addAgendaItems(test, users.secretariat, meeting.id, ['Matrix item']))[0].id;
  });
  afterAll(() => test.close());

  it('has a row for every route the application serves', () => {
    const key = (method: string, path: string) => `${method} ${path.replace(/\{\w+\}/g, '{}')}`;
    const rows = new Set(MATRIX.map((row) => key(row.method, row.path)));
    const missing = listRoutes(test.app)
      .map((route) => key(route.method, route.path))
      .filter((route) => !rows.has(route));
    expect(missing).toEqual([]);
  });

  describe.each(MATRIX)('$method $path', (row) => {
    it.each(WHO)('as %s', async (who) => {
      const path = row.path.replace(/\{(\w+)\}/g, (_, name: string) => placeholders[name]);
      let token: string | null = null;
      if (who !== 'anonymous') {
        token = row.fresh ? (await signedIn(test, who, DEFAULT_MEMBER[who])).token : users[who].token;
      }
      const call = test.http[row.method.toLowerCase() as 'get'](path);
      if (token) call.set('Authorization', `Bearer ${token}`);
      const response = await (row.body ? call.send(row.body) : call);
      const expected = row.expect[who];
      if (expected === 'allowed') {
        expect([401, 403]).not.toContain(response.status);
        expect(response.status).toBeLessThan(500);
      } else {
        expect(response.status).toBe(expected);
      }
    });
  });
});
