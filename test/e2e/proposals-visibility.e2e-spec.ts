import { AppError } from '../../src/common/errors/app-error.js';
import { ProposalAuthoringService } from '../../src/proposals/proposal-authoring.service.js';
import { draftNotice, sharedNotice } from '../factories/notices.js';
import { draftProposal, openProposal, proposalInput } from '../factories/proposals.js';
import { bearer, type TestUser } from '../factories/users.js';
import { signedInViewers, STAFF, VIEWERS, visibilityCases, type Viewer } from '../factories/viewers.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * Each proposal (by status) against each viewer. Drafts stay with the staff, and so does a draft withdrawn
 * before it was ever opened; focal points see what was put to the members; observers open and closed ones.
 */
const TABLE: { proposal: string; seen: Viewer[] }[] = [
  { proposal: 'draft', seen: [] },
  { proposal: 'open', seen: ['fr', 'de', 'ca', 'au', 'nz'] },
  { proposal: 'closed', seen: ['fr', 'de', 'ca', 'au', 'nz'] },
  { proposal: 'withdrawn while open', seen: ['fr', 'de', 'ca'] },
  { proposal: 'withdrawn as a draft', seen: [] },
];
const CASES = visibilityCases(TABLE, (row) => row.proposal);

describe('proposals: visibility', () => {
  let test: TestApp;
  let users: Record<Viewer, TestUser>;
  const ids: Record<string, string> = {};
  const marker = (proposal: string) => `vis${TABLE.findIndex((row) => row.proposal === proposal)}marker`;

  beforeAll(async () => {
    test = await startTestApp();
    users = await signedInViewers(test);
    const { fr, secretariat } = users;
    const title = (proposal: string) => ({ title: `Proposal ${proposal} ${marker(proposal)}` });
    const step = (id: string, name: string) =>
      test.http.post(`/api/v1/proposals/${id}/${name}`).set(bearer(secretariat)).expect(200);
    ids.draft = (await draftProposal(test, secretariat, title('draft'))).id;
    ids.open = (await openProposal(test, secretariat, title('open'))).id;
    ids.closed = (await openProposal(test, secretariat, title('closed'))).id;
    await step(ids.closed, 'close');
    ids['withdrawn while open'] = (await openProposal(test, secretariat, title('withdrawn while open'))).id;
    await step(ids['withdrawn while open'], 'withdraw');
    ids['withdrawn as a draft'] = (await draftProposal(test, secretariat, title('withdrawn as a draft'))).id;
    await step(ids['withdrawn as a draft'], 'withdraw');
    // A reply on every proposal that takes one, so that the replies lists are not trivially empty.
    await test.http.put(`/api/v1/proposals/${ids.open}/replies/FR`).set(bearer(fr)).send({ position: 'support' });
  });
  afterAll(() => test.close());

  it.each(CASES)('%s: %s → %s on GET /proposals/{id}', async (proposal, viewer, expected) => {
    const response = await test.http.get(`/api/v1/proposals/${ids[proposal]}`).set(bearer(users[viewer]));
    expect(response.status).toBe(expected === 'seen' ? 200 : 404);
    if (expected === 404) expect(JSON.stringify(response.body)).not.toContain(marker(proposal));
  });

  it.each(CASES)('%s: %s → %s on GET /proposals/{id}/replies', async (proposal, viewer, expected) => {
    const response = await test.http.get(`/api/v1/proposals/${ids[proposal]}/replies`).set(bearer(users[viewer]));
    expect(response.status).toBe(expected === 'seen' ? 200 : 404);
  });

  it.each(VIEWERS)('lists exactly the proposals %s may see, and filters by status', async (viewer) => {
    const response = await test.http.get('/api/v1/proposals?limit=100').set(bearer(users[viewer])).expect(200);
    const listed = response.body.data.map((proposal: { id: string }) => proposal.id).sort();
    const expected = CASES.filter(([, who, seen]) => who === viewer && seen === 'seen')
      .map(([proposal]) => ids[proposal])
      .sort();
    expect(listed).toEqual(expected);
    const drafts = await test.http.get('/api/v1/proposals?status=draft').set(bearer(users[viewer])).expect(200);
    expect(drafts.body.data.length).toBe(STAFF.includes(viewer) ? 1 : 0);
  });

  describe('linked notices keep their own visibility', () => {
    type Noticed = 'everyone' | 'selectedDe' | 'redDe' | 'secretariatDraft';
    const notices: Record<Noticed, string> = {} as Record<Noticed, string>;
    let proposalId: string;
    /** What each reader may see of the four notices. */
    const SEES: Record<Viewer, Noticed[]> = {
      fr: ['everyone', 'selectedDe'], // FR wrote both
      de: ['everyone', 'selectedDe', 'redDe'],
      ca: ['everyone'],
      au: ['everyone'],
      nz: ['everyone'],
      secretariat: ['everyone', 'selectedDe', 'redDe', 'secretariatDraft'],
      admin: ['everyone', 'selectedDe', 'redDe', 'secretariatDraft'],
      auditor: ['everyone', 'selectedDe', 'redDe', 'secretariatDraft'],
    };

    beforeAll(async () => {
      const { fr, secretariat } = users;
      notices.everyone = (await sharedNotice(test, fr, secretariat)).id;
      notices.selectedDe = (
        await sharedNotice(test, fr, secretariat, { audience: { scope: 'selected', memberCodes: ['DE'] } })
      ).id;
      notices.redDe = (
        await sharedNotice(test, secretariat, secretariat, {
          tlp: 'RED',
          audience: { scope: 'selected', memberCodes: ['DE'] },
        })
      ).id;
      notices.secretariatDraft = (await draftNotice(test, secretariat)).id;
      proposalId = (
        await openProposal(test, secretariat, {
          noticeIds: [notices.everyone, notices.selectedDe, notices.redDe, notices.secretariatDraft],
        })
      ).id;
    });

    it.each(VIEWERS)(
      '%s sees only the linked notices it may read, in order, in one proposal and in lists',
      async (viewer) => {
        const expected = (Object.keys(notices) as Noticed[])
          .filter((n) => SEES[viewer].includes(n))
          .map((n) => notices[n]);
        const one = await test.http.get(`/api/v1/proposals/${proposalId}`).set(bearer(users[viewer])).expect(200);
        expect(one.body.noticeIds).toEqual(expected);
        const list = await test.http
          .get('/api/v1/proposals?status=open&limit=100')
          .set(bearer(users[viewer]))
          .expect(200);
        const listed = list.body.data.find((proposal: { id: string }) => proposal.id === proposalId);
        expect(listed.noticeIds).toEqual(expected);
        const hidden = Object.values(notices).filter((id) => !expected.includes(id));
        for (const id of hidden) {
          expect(JSON.stringify(one.body)).not.toContain(id);
          expect(JSON.stringify(list.body)).not.toContain(id);
        }
      },
    );

    it('refuses, with the same 400 as a notice that does not exist, a notice the author may not see', async () => {
      // Only the secretariat (which sees every notice) drafts proposals over the API; the rule is the notices'
      // policy all the same, which this shows by drafting as a Canadian focal point, to whom these are invisible.
      const authoring = test.app.get(ProposalAuthoringService);
      const asCanada = { id: users.fr.id, role: 'focal_point' as const, memberCode: 'CA', requestId: 'test', ip: null };
      const missing = '00000000-0000-4000-8000-000000000001';
      const attempt = (noticeId: string) =>
        authoring.create(asCanada, proposalInput({ noticeIds: [notices.everyone, noticeId] }) as never).then(
          () => null,
          (error: unknown) => error,
        );
      for (const [noticeId, shown] of [
        [notices.redDe, notices.redDe],
        [notices.secretariatDraft, notices.secretariatDraft],
        [missing, missing],
      ]) {
        const error = (await attempt(noticeId)) as AppError;
        expect(error).toBeInstanceOf(AppError);
        expect(error.status).toBe(400);
        expect(error.extras.errors).toEqual([
          { field: 'noticeIds.1', message: `${shown} is not a notice you can see` },
        ]);
      }
      const rows = await test.dataSource.query('SELECT count(*) AS n FROM proposal WHERE created_by = $1', [
        users.fr.id,
      ]);
      expect(Number(rows[0].n)).toBe(0);
    });
  });
});
