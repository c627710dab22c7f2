import { G7, draftProposal, inSeconds, openProposal, replyTo } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('proposals: replies, tallies and closing early', () => {
  let test: TestApp;
  let secretariat: TestUser;
  let admin: TestUser;
  let observer: TestUser;
  let frAlternate: TestUser;
  /** One focal point per G7 member. */
  const focal: Record<string, TestUser> = {};

  beforeAll(async () => {
    test = await startTestApp();
    [secretariat, admin, observer, frAlternate] = await Promise.all([
      signedIn(test, 'secretariat'),
      signedIn(test, 'admin'),
      signedIn(test, 'observer', 'AU'),
      signedIn(test, 'focal_point', 'FR'),
    ]);
    const users = await Promise.all(G7.map((code) => signedIn(test, 'focal_point', code)));
    G7.forEach((code, index) => (focal[code] = users[index]));
  });
  afterAll(() => test.close());

  const url = (id: string, step = '') => `/api/v1/proposals/${id}${step ? `/${step}` : ''}`;
  const events = async (head: number) => (await auditEventsSince(test.dataSource, head)).map((e) => e.action);
  const replyRows = async (id: string) =>
    Number((await test.dataSource.query('SELECT count(*) AS n FROM proposal_reply WHERE proposal_id = $1', [id]))[0].n);
  const tallyOf = async (id: string) => (await test.http.get(url(id)).set(bearer(secretariat)).expect(200)).body.tally;

  it('takes a reply from any focal point of the member, keeps the earlier one as history, and audits each', async () => {
    const proposal = await openProposal(test, secretariat);
    let head = await auditHead(test.dataSource);
    const first = await replyTo(test, focal.FR, proposal.id, { position: 'support' }).expect(201);
    expect(first.body).toEqual({
      memberCode: 'FR',
      position: 'support',
      comment: null,
      repliedBy: focal.FR.id,
      repliedAt: expect.any(String),
      current: true,
    });
    const [given] = await auditEventsSince(test.dataSource, head);
    expect(given).toEqual(
      expect.objectContaining({ action: 'proposal.reply_given', entity_id: proposal.id, actor_id: focal.FR.id }),
    );
    expect(given.changes).toEqual({ memberCode: 'FR', position: 'support', previous: null });
    expect((await tallyOf(proposal.id)).notReplied).toEqual(G7.filter((code) => code !== 'FR'));

    // The alternate changes France's position.
    head = await auditHead(test.dataSource);
    const changed = await replyTo(test, frAlternate, proposal.id, {
      position: 'object',
      comment: 'Attribution is premature.',
    }).expect(200);
    expect(changed.body).toEqual(
      expect.objectContaining({ position: 'object', comment: 'Attribution is premature.', repliedBy: frAlternate.id }),
    );
    const [changedEvent] = await auditEventsSince(test.dataSource, head);
    expect(changedEvent.changes).toEqual({ memberCode: 'FR', position: 'object', previous: 'support' });
    expect(await tallyOf(proposal.id)).toEqual(expect.objectContaining({ support: 0, object: 1 }));

    // Re-sending the current position changes nothing.
    head = await auditHead(test.dataSource);
    await replyTo(test, focal.FR, proposal.id, { position: 'object', comment: 'Attribution is premature.' }).expect(
      200,
    );
    expect(await events(head)).toEqual([]);

    const current = await test.http.get(url(proposal.id, 'replies')).set(bearer(focal.DE)).expect(200);
    expect(current.body).toEqual({ data: [changed.body], nextCursor: null });
    const history = await test.http
      .get(`${url(proposal.id, 'replies')}?history=true`)
      .set(bearer(observer))
      .expect(200);
    expect(history.body.data).toEqual([{ ...first.body, current: false }, changed.body]);
  });

  it('pages replies oldest first with a cursor', async () => {
    const proposal = await openProposal(test, secretariat);
    for (const code of ['DE', 'IT', 'JP']) await replyTo(test, focal[code], proposal.id, { position: 'abstain' });
    const first = await test.http
      .get(`${url(proposal.id, 'replies')}?limit=2`)
      .set(bearer(admin))
      .expect(200);
    expect(first.body.data.map((reply: { memberCode: string }) => reply.memberCode)).toEqual(['DE', 'IT']);
    const second = await test.http
      .get(url(proposal.id, 'replies'))
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set(bearer(admin))
      .expect(200);
    expect(second.body).toEqual({ data: [expect.objectContaining({ memberCode: 'JP' })], nextCursor: null });
    await test.http
      .get(`${url(proposal.id, 'replies')}?history=yes`)
      .set(bearer(admin))
      .expect(400);
  });

  it.each([
    ['an objection without comment', { position: 'object' }, 'comment'],
    ['an objection with a blank comment', { position: 'object', comment: '   ' }, 'comment'],
    ['support with reservations without comment', { position: 'support_with_reservations' }, 'comment'],
    ['reservations with a null comment', { position: 'support_with_reservations', comment: null }, 'comment'],
    ['an unknown position', { position: 'maybe' }, 'position'],
    ['no position', { comment: 'Agreed.' }, 'position'],
    ['a comment of 4,001 characters', { position: 'support', comment: 'x'.repeat(4001) }, 'comment'],
    ['an unknown property', { position: 'support', on: 'behalf' }, 'on'],
  ])('refuses %s with a 400 naming the field, and records nothing', async (_, body, field) => {
    const proposal = await openProposal(test, secretariat);
    const head = await auditHead(test.dataSource);
    const response = await replyTo(test, focal.FR, proposal.id, body).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await replyRows(proposal.id)).toBe(0);
    expect(await events(head)).toEqual([]);
  });

  it('takes a comment with any position, and none with support or abstain', async () => {
    const proposal = await openProposal(test, secretariat);
    await replyTo(test, focal.FR, proposal.id, { position: 'support' }).expect(201);
    await replyTo(test, focal.DE, proposal.id, { position: 'abstain', comment: '' }).expect(201);
    const reserved = await replyTo(test, focal.IT, proposal.id, {
      position: 'support_with_reservations',
      comment: '  Only if the text names no individual.  ',
    }).expect(201);
    expect(reserved.body.comment).toBe('Only if the text names no individual.');
  });

  it('refuses other members’ focal points, observers and staff (403), and changes nothing', async () => {
    const proposal = await openProposal(test, secretariat);
    const head = await auditHead(test.dataSource);
    const asOther = await test.http
      .put(url(proposal.id, 'replies/FR'))
      .set(bearer(focal.DE))
      .send({ position: 'support' })
      .expect(403);
    expect(asOther.body.detail).toContain('focal point of FR');
    for (const user of [observer, secretariat, admin]) {
      await test.http.put(url(proposal.id, 'replies/FR')).set(bearer(user)).send({ position: 'support' }).expect(403);
    }
    await test.http.put(url(proposal.id, 'replies/AU')).set(bearer(observer)).send({ position: 'object' }).expect(403);
    expect(await replyRows(proposal.id)).toBe(0);
    expect(await events(head)).toEqual([]);
  });

  it('takes no reply on a draft (404: drafts do not exist for members) nor once closed or withdrawn (409)', async () => {
    const draft = await draftProposal(test, secretariat);
    await replyTo(test, focal.FR, draft.id, { position: 'support' }).expect(404);

    const closed = await openProposal(test, secretariat);
    await test.http.post(url(closed.id, 'close')).set(bearer(secretariat)).expect(200);
    const afterClose = await replyTo(test, focal.FR, closed.id, { position: 'support' }).expect(409);
    expect(afterClose.body).toEqual(
      expect.objectContaining({ code: 'invalid_state', detail: expect.stringContaining('is closed') }),
    );

    const withdrawn = await openProposal(test, secretariat);
    await test.http.post(url(withdrawn.id, 'withdraw')).set(bearer(secretariat)).expect(200);
    const afterWithdraw = await replyTo(test, focal.FR, withdrawn.id, { position: 'support' }).expect(409);
    expect(afterWithdraw.body.detail).toContain('is withdrawn');

    const due = await openProposal(test, secretariat, { deadline: inSeconds(1) });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const late = await replyTo(test, focal.FR, due.id, { position: 'object', comment: 'Too late?' }).expect(409);
    expect(late.body.detail).toContain('deadline');
    expect(await replyRows(due.id)).toBe(0);
  });

  it('replays a retried reply with the same Idempotency-Key, acting once', async () => {
    const proposal = await openProposal(test, secretariat);
    const head = await auditHead(test.dataSource);
    const send = (body: object) =>
      test.http
        .put(url(proposal.id, 'replies/FR'))
        .set(bearer(focal.FR))
        .set('Idempotency-Key', `reply-${proposal.id}`)
        .send(body);
    const first = await send({ position: 'support' }).expect(201);
    const retry = await send({ position: 'support' }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    await send({ position: 'abstain' }).expect(422);
    expect(await replyRows(proposal.id)).toBe(1);
    expect(await events(head)).toEqual(['proposal.reply_given']);
  });

  describe('closing early applies the rule to the replies so far', () => {
    const replyAll = async (id: string, positions: Record<string, string>) => {
      for (const [code, position] of Object.entries(positions)) {
        const comment = ['object', 'support_with_reservations'].includes(position) ? 'Because.' : undefined;
        await replyTo(test, focal[code], id, { position, comment }).expect(201);
      }
    };
    const closeNow = async (id: string) =>
      (await test.http.post(url(id, 'close')).set(bearer(secretariat)).expect(200)).body;
    const everyone = (position: string) => Object.fromEntries(G7.map((code) => [code, position]));

    it('consensus: all replied, abstentions and reservations but no objection → adopted, with signatories', async () => {
      const proposal = await openProposal(test, secretariat);
      await replyAll(proposal.id, { ...everyone('support'), IT: 'abstain', JP: 'support_with_reservations' });
      const closed = await closeNow(proposal.id);
      expect(closed).toEqual(
        expect.objectContaining({
          status: 'closed',
          outcome: 'adopted',
          tally: { support: 6, support_with_reservations: 1, abstain: 1, object: 0, notReplied: [] },
          signatories: G7.filter((code) => code !== 'IT'),
        }),
      );
      // The tally is kept as decided: later reads show the same.
      expect(await tallyOf(proposal.id)).toEqual(closed.tally);
    });

    it('consensus: one member has not replied → not adopted', async () => {
      const proposal = await openProposal(test, secretariat);
      const { US: _missing, ...others } = everyone('support');
      await replyAll(proposal.id, others);
      const closed = await closeNow(proposal.id);
      expect(closed.outcome).toBe('not_adopted');
      expect(closed.tally.notReplied).toEqual(['US']);
      expect(closed.signatories).toEqual(G7.filter((code) => code !== 'US'));
    });

    it('silence: nobody objected so far → adopted; one objection → not adopted', async () => {
      const quiet = await openProposal(test, secretariat, { decisionRule: 'silence' });
      await replyAll(quiet.id, { DE: 'support' });
      expect(await closeNow(quiet.id)).toEqual(expect.objectContaining({ outcome: 'adopted', signatories: ['DE'] }));

      const broken = await openProposal(test, secretariat, { decisionRule: 'silence' });
      await replyAll(broken.id, { DE: 'support', GB: 'object' });
      const head = await auditHead(test.dataSource);
      const closed = await closeNow(broken.id);
      expect(closed).toEqual(expect.objectContaining({ outcome: 'not_adopted', closedBy: secretariat.id }));
      const [event] = await auditEventsSince(test.dataSource, head);
      expect(event).toEqual(expect.objectContaining({ action: 'proposal.closed', actor_id: secretariat.id }));
      expect(event.changes).toEqual(
        expect.objectContaining({
          outcome: { from: null, to: 'not_adopted' },
          signatories: { from: null, to: ['DE'] },
          finalTally: { from: null, to: expect.objectContaining({ object: 1, support: 1 }) },
        }),
      );
    });
  });
});
