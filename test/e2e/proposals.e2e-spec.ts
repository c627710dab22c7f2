import { sharedNotice } from '../factories/notices.js';
import { G7, draftProposal, inSeconds, openProposal, proposalInput, replyTo } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('proposals: authoring and life cycle', () => {
  let test: TestApp;
  let secretariat: TestUser;
  let fr: TestUser;
  let noticeA: string;
  let noticeB: string;

  beforeAll(async () => {
    test = await startTestApp();
    [secretariat, fr] = await Promise.all([signedIn(test, 'secretariat'), signedIn(test, 'focal_point', 'FR')]);
    noticeA = (await sharedNotice(test, fr, secretariat)).id;
    noticeB = (await sharedNotice(test, fr, secretariat)).id;
  });
  afterAll(() => test.close());

  const url = (id: string, step = '') => `/api/v1/proposals/${id}${step ? `/${step}` : ''}`;
  const count = async () => Number((await test.dataSource.query('SELECT count(*) AS n FROM proposal'))[0].n);
  const events = async (head: number) => (await auditEventsSince(test.dataSource, head)).map((e) => e.action);

  it('creates a draft with a reference, the linked notices and an empty tally, and audits it', async () => {
    const head = await auditHead(test.dataSource);
    const deadline = '2027-01-15T12:00:00+01:00';
    const response = await test.http
      .post('/api/v1/proposals')
      .set(bearer(secretariat))
      .send(proposalInput({ title: '  A joint statement  ', noticeIds: [noticeB, noticeA, noticeB], deadline }))
      .expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      reference: expect.stringMatching(new RegExp(`^RRP-${new Date().getUTCFullYear()}-\\d{4,}$`)),
      title: 'A joint statement',
      rationale: expect.stringContaining('coordinated campaign'),
      actionType: 'joint_statement',
      noticeIds: [noticeB, noticeA],
      decisionRule: 'consensus',
      deadline: '2027-01-15T11:00:00.000Z',
      status: 'draft',
      outcome: null,
      exercise: false,
      createdBy: secretariat.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      openedAt: null,
      closedAt: null,
      closedBy: null,
      withdrawnAt: null,
      version: 1,
      tally: { support: 0, support_with_reservations: 0, abstain: 0, object: 0, notReplied: G7 },
      signatories: null,
    });
    expect(response.headers.etag).toBe('"1"');
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(
      expect.objectContaining({ action: 'proposal.created', entity_type: 'proposal', entity_id: response.body.id }),
    );
    expect(event.actor_id).toBe(secretariat.id);
    expect(event.changes).toEqual({
      after: expect.objectContaining({ reference: response.body.reference, noticeIds: [noticeB, noticeA] }),
    });
  });

  it('answers a conditional read in full, with the version as its ETag: replies change the tally, not the version', async () => {
    const proposal = await openProposal(test, secretariat);
    const read = await test.http.get(url(proposal.id)).set(bearer(fr)).expect(200);
    expect(read.headers.etag).toBe(`"${proposal.version}"`);
    await replyTo(test, fr, proposal.id, { position: 'support' }).expect(201);
    const after = await test.http
      .get(url(proposal.id))
      .set(bearer(fr))
      .set('If-None-Match', read.headers.etag)
      .expect(200);
    expect([after.body.tally.support, after.body.version, after.headers.etag]).toEqual([
      1,
      proposal.version,
      read.headers.etag,
    ]);
  });

  it('numbers references gap-free, apart from the notices', async () => {
    const first = await draftProposal(test, secretariat);
    const second = await draftProposal(test, secretariat);
    const number = (reference: string) => Number(reference.split('-')[2]);
    expect(number(second.reference)).toBe(number(first.reference) + 1);
  });

  it.each([
    ['an unknown property', { secret: 1 }, 'secret'],
    ['no title', { title: undefined }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title of 301 characters', { title: 'x'.repeat(301) }, 'title'],
    ['a title with a line break', { title: 'Joint\nstatement' }, 'title'],
    ['no rationale', { rationale: undefined }, 'rationale'],
    ['a rationale of 20,001 characters', { rationale: 'x'.repeat(20_001) }, 'rationale'],
    ['an unknown action', { actionType: 'sanctions' }, 'actionType'],
    ['an unknown rule', { decisionRule: 'majority' }, 'decisionRule'],
    ['no deadline', { deadline: undefined }, 'deadline'],
    ['a deadline without offset', { deadline: '2027-01-15T12:00:00' }, 'deadline'],
    ['a date as deadline', { deadline: '2027-01-15' }, 'deadline'],
    ['a deadline in the past', { deadline: inSeconds(-60) }, 'deadline'],
    ['a deadline over a year ahead', { deadline: inSeconds(400 * 86400) }, 'deadline'],
    ['a notice id that is no UUID', { noticeIds: ['RRM-2026-0001'] }, 'noticeIds'],
    ['a notice that does not exist', { noticeIds: ['00000000-0000-4000-8000-000000000000'] }, 'noticeIds.0'],
    ['21 notices', { noticeIds: Array(21).fill('00000000-0000-4000-8000-000000000000') }, 'noticeIds'],
    ['exercise as a string', { exercise: 'yes' }, 'exercise'],
    ['a null exercise', { exercise: null }, 'exercise'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_, overrides, field) => {
    const before = await count();
    const head = await auditHead(test.dataSource);
    const response = await test.http
      .post('/api/v1/proposals')
      .set(bearer(secretariat))
      .send(proposalInput(overrides))
      .expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await count()).toBe(before);
    expect(await events(head)).toEqual([]);
  });

  it('names the missing notice in the 400', async () => {
    const missing = '00000000-0000-4000-8000-00000000abcd';
    const response = await test.http
      .post('/api/v1/proposals')
      .set(bearer(secretariat))
      .send(proposalInput({ noticeIds: [noticeA, missing] }))
      .expect(400);
    expect(response.body.errors).toEqual([{ field: 'noticeIds.1', message: `${missing} is not a notice you can see` }]);
  });

  it('gives a new version when only the linked notices change, so a stale If-Match cannot undo it', async () => {
    const draft = await draftProposal(test, secretariat, { noticeIds: [noticeA] });
    const relinked = await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"1"')
      .send({ noticeIds: [] })
      .expect(200);
    expect([relinked.body.noticeIds, relinked.body.version, relinked.headers.etag]).toEqual([[], 2, '"2"']);
    // A second client still holding version 1 is refused and changes nothing.
    await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"1"')
      .send({ noticeIds: [noticeA] })
      .expect(412);
    const now = await test.http.get(url(draft.id)).set(bearer(secretariat)).expect(200);
    expect([now.body.noticeIds, now.body.version, now.headers.etag]).toEqual([[], 2, '"2"']);
  });

  it('edits a draft with If-Match, auditing only the changed fields', async () => {
    const draft = await draftProposal(test, secretariat, { noticeIds: [noticeA] });
    const head = await auditHead(test.dataSource);
    const deadline = inSeconds(3 * 86400);
    const edited = await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"1"')
      .send({ title: 'A sharper title', decisionRule: 'silence', noticeIds: [noticeB, noticeA], deadline })
      .expect(200);
    expect(edited.body).toEqual(
      expect.objectContaining({
        title: 'A sharper title',
        decisionRule: 'silence',
        noticeIds: [noticeB, noticeA],
        deadline: new Date(deadline).toISOString(),
        version: 2,
      }),
    );
    expect(edited.headers.etag).toBe('"2"');
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event.action).toBe('proposal.updated');
    expect(event.changes).toEqual({
      title: { from: draft.title, to: 'A sharper title' },
      decisionRule: { from: 'consensus', to: 'silence' },
      noticeIds: { from: [noticeA], to: [noticeB, noticeA] },
      deadline: { from: draft.deadline, to: new Date(deadline).toISOString() },
    });
    // Changing nothing writes nothing.
    const head2 = await auditHead(test.dataSource);
    const same = await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"2"')
      .send({ title: 'A sharper title' })
      .expect(200);
    expect(same.body.version).toBe(2);
    expect(await events(head2)).toEqual([]);
    // Bad content: 400, nothing changed.
    await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"2"')
      .send({ deadline: inSeconds(-5) })
      .expect(400);
    await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"2"')
      .send({ title: null })
      .expect(400);
    expect((await test.http.get(url(draft.id)).set(bearer(secretariat))).body.version).toBe(2);
  });

  it('needs If-Match to edit (428), refuses a stale one (412), and honours it on transitions', async () => {
    const draft = await draftProposal(test, secretariat);
    const head = await auditHead(test.dataSource);
    const missing = await test.http.patch(url(draft.id)).set(bearer(secretariat)).send({ title: 'x' }).expect(428);
    expect(missing.body.code).toBe('precondition_required');
    await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"9"')
      .send({ title: 'x' })
      .expect(412);
    for (const step of ['open', 'withdraw', 'close']) {
      await test.http.post(url(draft.id, step)).set(bearer(secretariat)).set('If-Match', '"2"').expect(412);
    }
    expect(await events(head)).toEqual([]);
    const unchanged = await test.http.get(url(draft.id)).set(bearer(secretariat)).expect(200);
    expect(unchanged.body).toEqual(expect.objectContaining({ status: 'draft', version: 1, title: draft.title }));
    expect(unchanged.headers.etag).toBe('"1"');
    await test.http.post(url(draft.id, 'open')).set(bearer(secretariat)).set('If-Match', '"1"').expect(200);
  });

  it('runs draft → open → closed, each step audited, and refuses every other step with a 409 naming the status', async () => {
    const draft = await draftProposal(test, secretariat);
    await test.http.post(url(draft.id, 'close')).set(bearer(secretariat)).expect(409);

    let head = await auditHead(test.dataSource);
    const opened = await test.http.post(url(draft.id, 'open')).set(bearer(secretariat)).expect(200);
    expect(opened.body).toEqual(expect.objectContaining({ status: 'open', openedAt: expect.any(String), version: 2 }));
    const [openedEvent] = await auditEventsSince(test.dataSource, head);
    expect(openedEvent.action).toBe('proposal.opened');
    expect(openedEvent.changes).toEqual({
      status: { from: 'draft', to: 'open' },
      openedAt: { from: null, to: opened.body.openedAt },
    });

    const reopen = await test.http.post(url(draft.id, 'open')).set(bearer(secretariat)).expect(409);
    expect(reopen.body.code).toBe('invalid_state');
    expect(reopen.body.detail).toContain('is open');
    const edit = await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"2"')
      .send({ title: 'too late' })
      .expect(409);
    expect(edit.body.detail).toContain('only a draft can be edited');

    head = await auditHead(test.dataSource);
    const closed = await test.http.post(url(draft.id, 'close')).set(bearer(secretariat)).expect(200);
    expect(closed.body).toEqual(
      expect.objectContaining({
        status: 'closed',
        outcome: 'not_adopted', // consensus, nobody replied
        closedAt: expect.any(String),
        closedBy: secretariat.id,
        signatories: [],
        tally: { support: 0, support_with_reservations: 0, abstain: 0, object: 0, notReplied: G7 },
      }),
    );
    const [closedEvent] = await auditEventsSince(test.dataSource, head);
    expect(closedEvent).toEqual(expect.objectContaining({ action: 'proposal.closed', actor_id: secretariat.id }));
    expect(closedEvent.changes).toEqual(
      expect.objectContaining({ status: { from: 'open', to: 'closed' }, outcome: { from: null, to: 'not_adopted' } }),
    );

    for (const step of ['open', 'close', 'withdraw']) {
      const refused = await test.http.post(url(draft.id, step)).set(bearer(secretariat)).expect(409);
      expect(refused.body.detail).toContain('is closed');
    }
  });

  it('withdraws a draft (no email) and an open proposal (members emailed), audited; withdrawn is final', async () => {
    const draft = await draftProposal(test, secretariat);
    let head = await auditHead(test.dataSource);
    const withdrawnDraft = await test.http.post(url(draft.id, 'withdraw')).set(bearer(secretariat)).expect(200);
    expect(withdrawnDraft.body).toEqual(
      expect.objectContaining({ status: 'withdrawn', withdrawnAt: expect.any(String) }),
    );
    expect(await events(head)).toEqual(['proposal.withdrawn']);
    const mailed = (id: string) =>
      test.dataSource.query(
        `SELECT recipient_email FROM outbox_message WHERE template = 'proposal.withdrawn' AND dedupe_key LIKE $1`,
        [`%:${id}:%`],
      );
    expect(await mailed(draft.id)).toEqual([]);

    const open = await openProposal(test, secretariat);
    head = await auditHead(test.dataSource);
    await test.http.post(url(open.id, 'withdraw')).set(bearer(secretariat)).expect(200);
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event.action).toBe('proposal.withdrawn');
    expect(event.changes).toEqual(expect.objectContaining({ status: { from: 'open', to: 'withdrawn' } }));
    expect(await mailed(open.id)).toEqual([{ recipient_email: fr.email }]);

    for (const step of ['open', 'close', 'withdraw']) {
      const refused = await test.http.post(url(open.id, step)).set(bearer(secretariat)).expect(409);
      expect(refused.body.detail).toContain('is withdrawn');
    }
  });

  it('refuses to open a draft whose deadline has passed (409), until the deadline is moved', async () => {
    const draft = await draftProposal(test, secretariat, { deadline: inSeconds(1) });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const refused = await test.http.post(url(draft.id, 'open')).set(bearer(secretariat)).expect(409);
    expect(refused.body.detail).toContain('deadline in the past');
    await test.http
      .patch(url(draft.id))
      .set(bearer(secretariat))
      .set('If-Match', '"1"')
      .send({ deadline: inSeconds(3600) })
      .expect(200);
    await test.http.post(url(draft.id, 'open')).set(bearer(secretariat)).expect(200);
  });

  it('answers 404 for an id that names no proposal, and for one that is not a UUID', async () => {
    await test.http.get(url('00000000-0000-4000-8000-000000000000')).set(bearer(secretariat)).expect(404);
    await test.http.get(url('RRP-2026-0001')).set(bearer(secretariat)).expect(404);
    await test.http.post(url('00000000-0000-4000-8000-000000000000', 'open')).set(bearer(secretariat)).expect(404);
  });
});
