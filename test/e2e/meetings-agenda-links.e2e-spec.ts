import { sharedNotice } from '../factories/notices.js';
import { scheduleMeeting, type MeetingBody } from '../factories/meetings.js';
import { draftProposal, openProposal } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/** An agenda item links a notice only when every invited member may see it (the notices policy, per member). */
describe('meetings: agenda links', () => {
  let test: TestApp;
  let admin: TestUser;
  let secretariat: TestUser;
  let fr: TestUser;
  let de: TestUser;
  let frAndDe: MeetingBody;

  beforeAll(async () => {
    test = await startTestApp();
    [admin, secretariat, fr, de] = await Promise.all([
      signedIn(test, 'admin'),
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE'),
    ]);
    frAndDe = await scheduleMeeting(test, admin, { hostMemberCodes: ['FR'], inviteeMemberCodes: ['DE'] });
  });
  afterAll(() => test.close());

  const items = (meetingId: string) => `/api/v1/meetings/${meetingId}/agenda-items`;
  const actions = async (head: number) => (await auditEventsSince(test.dataSource, head)).map((e) => e.action);

  it('refuses a notice shared only with FR on a meeting inviting FR and DE, naming the field', async () => {
    const deToFr = await sharedNotice(test, de, secretariat, {
      audience: { scope: 'selected', memberCodes: ['FR'] },
    });
    // Written by DE, shared with FR: both see it. Now one that only FR sees.
    const onlyFr = await sharedNotice(test, secretariat, secretariat, {
      audience: { scope: 'selected', memberCodes: ['FR'] },
    });
    const ok = await test.http
      .post(items(frAndDe.id))
      .set(bearer(secretariat))
      .send({ title: 'DE’s notice', noticeId: deToFr.id })
      .expect(201);
    expect(ok.body.noticeId).toBe(deToFr.id);
    const head = await auditHead(test.dataSource);
    const refused = await test.http
      .post(items(frAndDe.id))
      .set(bearer(secretariat))
      .send({ title: 'FR only', noticeId: onlyFr.id })
      .expect(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'noticeId',
        message: `notice ${onlyFr.reference} is not visible to DE; every invited member must be able to see a linked notice`,
      },
    ]);
    const patch = await test.http
      .patch(`${items(frAndDe.id)}/${ok.body.id}`)
      .set(bearer(secretariat))
      .set('If-Match', '"1"')
      .send({ noticeId: onlyFr.id })
      .expect(400);
    expect(patch.body.errors[0].field).toBe('noticeId');
    expect(await actions(head)).toEqual([]);
  });

  it('accepts a notice shared with all, and keeps it visible to every invitee when invitees change', async () => {
    const toAll = await sharedNotice(test, fr, secretariat, { audience: { scope: 'all' } });
    const toMembers = await sharedNotice(test, fr, secretariat, { audience: { scope: 'members' } });
    const meeting = await scheduleMeeting(test, admin, { hostMemberCodes: ['FR'], inviteeMemberCodes: ['DE'] });
    await test.http
      .post(items(meeting.id))
      .set(bearer(secretariat))
      .send({ title: 'all', noticeId: toAll.id })
      .expect(201);
    await test.http
      .post(items(meeting.id))
      .set(bearer(secretariat))
      .send({ title: 'members', noticeId: toMembers.id })
      .expect(201);
    // An observer (AU) cannot see the members-only notice: inviting AU is refused, naming the item.
    const refused = await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', '"3"')
      .send({ inviteeMemberCodes: ['DE', 'AU'] })
      .expect(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'inviteeMemberCodes',
        message: `agenda item 2 links notice ${toMembers.reference}, which AU may not see`,
      },
    ]);
    await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', '"3"')
      .send({ inviteeMemberCodes: ['DE', 'JP'] })
      .expect(200);
  });

  it('keeps invited whoever presents an item or owns an action item: removing them is a 400 naming them', async () => {
    const meeting = await scheduleMeeting(test, admin, { hostMemberCodes: ['CA'], inviteeMemberCodes: ['FR', 'DE'] });
    await test.http
      .post(items(meeting.id))
      .set(bearer(secretariat))
      .send({ title: 'Briefing', presenterMemberCode: 'FR' })
      .expect(201);
    await test.http
      .put(`/api/v1/meetings/${meeting.id}/minutes`)
      .set(bearer(secretariat))
      .send({
        text: 'Notes.',
        actionItems: [{ title: 'Draft a statement', ownerMemberCode: 'DE', dueDate: '2031-01-31' }],
      })
      .expect(200);
    const patch = (inviteeMemberCodes: string[], version: number) =>
      test.http
        .patch(`/api/v1/meetings/${meeting.id}`)
        .set(bearer(admin))
        .set('If-Match', `"${version}"`)
        .send({ inviteeMemberCodes });
    const refused = await patch(['IT'], 3).expect(400);
    expect(refused.body.errors).toEqual([
      { field: 'inviteeMemberCodes', message: 'agenda item 1 is presented by FR, who would no longer be invited' },
      {
        field: 'inviteeMemberCodes',
        message: 'action item "Draft a statement" of the minutes is owned by DE, who would no longer be invited',
      },
    ]);
    const unchanged = await test.http.get(`/api/v1/meetings/${meeting.id}`).set(bearer(fr)).expect(200);
    expect([unchanged.body.inviteeMemberCodes.sort(), unchanged.body.version]).toEqual([['CA', 'DE', 'FR'], 3]);
    // Adding someone and keeping them both is fine.
    await patch(['FR', 'DE', 'IT'], 3).expect(200);
  });

  it('refuses a RED notice for an invitee outside its selected audience, even a member', async () => {
    const red = await sharedNotice(test, secretariat, secretariat, {
      tlp: 'RED',
      audience: { scope: 'selected', memberCodes: ['FR', 'DE'] },
    });
    await test.http
      .post(items(frAndDe.id))
      .set(bearer(secretariat))
      .send({ title: 'red', noticeId: red.id })
      .expect(201);
    const wider = await scheduleMeeting(test, admin, { hostMemberCodes: ['FR'], inviteeMemberCodes: ['DE', 'IT'] });
    const refused = await test.http
      .post(items(wider.id))
      .set(bearer(secretariat))
      .send({ title: 'red', noticeId: red.id })
      .expect(400);
    expect(refused.body.errors[0].message).toContain('not visible to IT');
  });

  it('links a proposal only when every invitee may see it: never a draft, and for observers only open or closed', async () => {
    const withObserver = await scheduleMeeting(test, admin, { hostMemberCodes: ['FR'], inviteeMemberCodes: ['AU'] });
    const draft = await draftProposal(test, secretariat);
    const head = await auditHead(test.dataSource);
    const refused = await test.http
      .post(items(frAndDe.id))
      .set(bearer(secretariat))
      .send({ title: 'A draft', proposalId: draft.id })
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'proposalId', message: expect.stringContaining('is not visible to DE, FR') }),
    ]);
    await test.http
      .post(items(frAndDe.id))
      .set(bearer(secretariat))
      .send({ title: 'Nothing', proposalId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(await actions(head)).toEqual([]);

    const open = await openProposal(test, secretariat);
    const linked = await test.http
      .post(items(withObserver.id))
      .set(bearer(secretariat))
      .send({ title: 'The open proposal', proposalId: open.id })
      .expect(201);
    expect(linked.body.proposalId).toBe(open.id);
    const withdrawn = await openProposal(test, secretariat);
    await test.http.post(`/api/v1/proposals/${withdrawn.id}/withdraw`).set(bearer(secretariat)).expect(200);
    const hidden = await test.http
      .post(items(withObserver.id))
      .set(bearer(secretariat))
      .send({ title: 'Withdrawn', proposalId: withdrawn.id })
      .expect(400);
    expect(hidden.body.errors[0].message).toContain('is not visible to AU');
    await test.http
      .post(items(frAndDe.id))
      .set(bearer(secretariat))
      .send({ title: 'Withdrawn, for members', proposalId: withdrawn.id })
      .expect(201);
  });
});
