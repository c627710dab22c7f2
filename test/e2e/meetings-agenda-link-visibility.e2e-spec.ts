import { scheduleMeeting, type AgendaItemBody, type MeetingBody } from '../factories/meetings.js';
import { setAudience, sharedNotice, type NoticeBody } from '../factories/notices.js';
import { openProposal, type ProposalBody } from '../factories/proposals.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * Links on an agenda after the linked record changed: a notice's audience narrowed to FR, a proposal withdrawn
 * (members still see it, observers no longer do). Each reader sees a link only to what it may open itself.
 */
describe('meetings: agenda links to records a reader can no longer see', () => {
  let test: TestApp;
  let admin: TestUser;
  let secretariat: TestUser;
  let auditor: TestUser;
  let fr: TestUser;
  let de: TestUser;
  let nz: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    [admin, secretariat, auditor, fr, de, nz] = await Promise.all([
      signedIn(test, 'admin'),
      signedIn(test, 'secretariat'),
      signedIn(test, 'auditor'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'observer', 'NZ'),
    ]);
  });
  afterAll(() => test.close());

  interface LinkedAgenda {
    meeting: MeetingBody;
    notice: NoticeBody;
    proposal: ProposalBody;
  }

  /**
   * A meeting hosted by FR inviting DE and NZ, whose agenda links a notice (shared with all) and an open proposal,
   * both visible to every invitee when linked; then the notice is narrowed to FR and the proposal withdrawn.
   */
  async function agendaWithStaleLinks(title: string): Promise<LinkedAgenda> {
    const meeting = await scheduleMeeting(test, admin, {
      title,
      hostMemberCodes: ['FR'],
      inviteeMemberCodes: ['DE', 'NZ'],
    });
    const notice = await sharedNotice(test, secretariat, secretariat, { audience: { scope: 'all' } });
    const proposal = await openProposal(test, secretariat);
    for (const item of [
      { title: 'Briefing on the campaign', noticeId: notice.id },
      { title: 'Joint statement', proposalId: proposal.id },
      { title: 'Any other business' },
    ]) {
      await test.http
        .post(`/api/v1/meetings/${meeting.id}/agenda-items`)
        .set(bearer(secretariat))
        .send(item)
        .expect(201);
    }
    await setAudience(test, secretariat, notice.id, { scope: 'selected', memberCodes: ['FR'] });
    await test.http.post(`/api/v1/proposals/${proposal.id}/withdraw`).set(bearer(secretariat)).expect(200);
    return { meeting, notice, proposal };
  }

  const linksOf = (agenda: AgendaItemBody[]) => agenda.map((item) => [item.noticeId, item.proposalId]);

  describe('reads', () => {
    let linked: LinkedAgenda;
    beforeAll(async () => {
      linked = await agendaWithStaleLinks('Stale links, read');
    });

    /** Who sees which link now. */
    const SEES: [string, ('notice' | 'proposal')[]][] = [
      ['fr', ['notice', 'proposal']],
      // DE is outside the notice's new audience; a withdrawn proposal stays visible to the members it was put to.
      ['de', ['proposal']],
      // Observers see open and closed proposals only.
      ['nz', []],
      ['secretariat', ['notice', 'proposal']],
      ['auditor', ['notice', 'proposal']],
    ];
    const expected = () =>
      SEES.map(([name, sees]): [string, (string | null)[][]] => [
        name,
        [
          [sees.includes('notice') ? linked.notice.id : null, null],
          [null, sees.includes('proposal') ? linked.proposal.id : null],
          [null, null],
        ],
      ]);
    const reader = (name: string) => ({ fr, de, nz, secretariat, auditor })[name]!;

    it('the records themselves answer 404 to those who may no longer see them', async () => {
      const { notice, proposal } = linked;
      await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(de)).expect(404);
      await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(nz)).expect(404);
      await test.http.get(`/api/v1/proposals/${proposal.id}`).set(bearer(nz)).expect(404);
      await test.http.get(`/api/v1/proposals/${proposal.id}`).set(bearer(de)).expect(200);
    });

    it('GET /meetings/{id} shows each reader only the links it may follow', async () => {
      for (const [name, links] of expected()) {
        const response = await test.http.get(`/api/v1/meetings/${linked.meeting.id}`).set(bearer(reader(name)));
        expect([name, response.status, linksOf(response.body.agenda)]).toEqual([name, 200, links]);
      }
    });

    it('GET /meetings/{id}/agenda-items and the list of meetings do the same', async () => {
      for (const [name, links] of expected()) {
        const items = await test.http
          .get(`/api/v1/meetings/${linked.meeting.id}/agenda-items`)
          .set(bearer(reader(name)))
          .expect(200);
        expect([name, linksOf(items.body.data)]).toEqual([name, links]);
        const list = await test.http
          .get('/api/v1/meetings?limit=100')
          .set(bearer(reader(name)))
          .expect(200);
        const listed = (list.body.data as MeetingBody[]).find((meeting) => meeting.id === linked.meeting.id)!;
        expect([name, linksOf(listed.agenda)]).toEqual([name, links]);
      }
    });

    it('reads a page of agendas with one visibility query per kind, not one per item', async () => {
      await agendaWithStaleLinks('Stale links, second meeting on the page');
      const manager = test.dataSource.manager;
      const query = manager.query.bind(manager);
      const statements: string[] = [];
      manager.query = ((sql: string, parameters?: unknown[]) => {
        statements.push(sql);
        return query(sql, parameters);
      }) as typeof manager.query;
      try {
        const list = await test.http.get('/api/v1/meetings?limit=100').set(bearer(de)).expect(200);
        const linking = (list.body.data as MeetingBody[]).flatMap((meeting) => meeting.agenda);
        expect(linking.filter((item) => item.proposalId !== null).length).toBeGreaterThanOrEqual(2);
      } finally {
        manager.query = query;
      }
      expect(statements.filter((sql) => /FROM notice n/.test(sql))).toHaveLength(1);
      expect(statements.filter((sql) => /FROM proposal p/.test(sql))).toHaveLength(1);
    });
  });

  it('circulates to each recipient an agenda naming only the notices it may see; staff keep the links', async () => {
    const { meeting, notice, proposal } = await agendaWithStaleLinks('Stale links, circulated');
    const head = await auditHead(test.dataSource);
    const circulated = await test.http
      .post(`/api/v1/meetings/${meeting.id}/agenda/circulate`)
      .set(bearer(secretariat))
      .expect(200);
    expect(linksOf(circulated.body.agenda)).toEqual([
      [notice.id, null],
      [null, proposal.id],
      [null, null],
    ]);
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(expect.objectContaining({ action: 'meeting.agenda_circulated', entity_id: meeting.id }));

    const agendaMailTo = async (user: TestUser) => {
      const rows = (await test.dataSource.query(
        `SELECT text_body, html_body FROM outbox_message
         WHERE template = 'meeting.agenda' AND recipient_email = $1 AND dedupe_key LIKE $2`,
        [user.email, `%:${meeting.id}:%`],
      )) as { text_body: string; html_body: string }[];
      expect(rows).toHaveLength(1);
      return rows[0];
    };
    const toFr = await agendaMailTo(fr);
    expect(toFr.text_body).toContain(`1. Briefing on the campaign (notice ${notice.reference})`);
    for (const user of [de, nz]) {
      const mail = await agendaMailTo(user);
      expect(mail.text_body).toContain('1. Briefing on the campaign\n2. Joint statement\n3. Any other business');
      expect(mail.text_body).not.toContain(notice.reference);
      expect(mail.html_body).not.toContain(notice.reference);
    }
  });

  it('lets invitees be removed once a linked record is out of their sight, but adds nobody who cannot see one', async () => {
    const { meeting, notice, proposal } = await agendaWithStaleLinks('Stale links, invitees changed');
    let current = (await test.http.get(`/api/v1/meetings/${meeting.id}`).set(bearer(admin)).expect(200)).body.version;
    const patch = (inviteeMemberCodes: string[]) =>
      test.http
        .patch(`/api/v1/meetings/${meeting.id}`)
        .set(bearer(admin))
        .set('If-Match', `"${current}"`)
        .send({ inviteeMemberCodes });

    // Neither DE nor NZ may see the notice now, nor NZ the proposal: taking DE off still works.
    let head = await auditHead(test.dataSource);
    const removed = await patch(['NZ']).expect(200);
    expect(removed.body.inviteeMemberCodes).toEqual(['NZ', 'FR']);
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(expect.objectContaining({ action: 'meeting.updated', entity_id: meeting.id }));
    expect(event.changes).toEqual({
      inviteeMemberCodes: { from: ['DE', 'NZ', 'FR'], to: ['NZ', 'FR'] },
    });
    current = removed.body.version;

    // A member joining must still see every linked record: neither AU (an observer) nor IT sees the notice now…
    head = await auditHead(test.dataSource);
    const refused = await patch(['NZ', 'AU', 'IT']).expect(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'inviteeMemberCodes',
        message: `agenda item 1 links notice ${notice.reference}, which AU, IT may not see`,
      },
    ]);
    // …and once the notice reaches everyone again, AU still may not see the withdrawn proposal; IT, a member, may.
    const { version: noticeVersion } = (
      await test.http.get(`/api/v1/notices/${notice.id}`).set(bearer(secretariat)).expect(200)
    ).body;
    await test.http
      .patch(`/api/v1/notices/${notice.id}`)
      .set(bearer(secretariat))
      .set('If-Match', `"${noticeVersion}"`)
      .send({ audience: { scope: 'all' } })
      .expect(200);
    const hidden = await patch(['NZ', 'AU']).expect(400);
    expect(hidden.body.errors).toEqual([
      {
        field: 'inviteeMemberCodes',
        message: `agenda item 2 links proposal ${proposal.reference}, which AU may not see`,
      },
    ]);
    expect((await auditEventsSince(test.dataSource, head)).map((e) => e.action)).toEqual(['notice.updated']);
    const unchanged = await test.http.get(`/api/v1/meetings/${meeting.id}`).set(bearer(admin)).expect(200);
    expect([unchanged.body.inviteeMemberCodes, unchanged.body.version]).toEqual([['NZ', 'FR'], current]);

    head = await auditHead(test.dataSource);
    const added = await patch(['NZ', 'IT']).expect(200);
    expect(added.body.inviteeMemberCodes).toEqual(['NZ', 'IT', 'FR']);
    expect((await auditEventsSince(test.dataSource, head)).map((e) => e.action)).toEqual(['meeting.updated']);
  });

  it('tags every reader copy with the version alone, and answers a conditional GET in full, so none is kept stale', async () => {
    const meeting = await scheduleMeeting(test, admin, { hostMemberCodes: ['FR'], inviteeMemberCodes: ['DE'] });
    const notice = await sharedNotice(test, secretariat, secretariat, { audience: { scope: 'all' } });
    await test.http
      .post(`/api/v1/meetings/${meeting.id}/agenda-items`)
      .set(bearer(secretariat))
      .send({ title: 'Briefing', noticeId: notice.id })
      .expect(201);
    const url = `/api/v1/meetings/${meeting.id}`;
    const whole = await test.http.get(url).set(bearer(de)).expect(200);
    expect(whole.body.agenda[0].noticeId).toBe(notice.id);
    expect(whole.headers.etag).toBe(`"${whole.body.version}"`);

    await setAudience(test, secretariat, notice.id, { scope: 'selected', memberCodes: ['FR'] });
    const narrowed = await test.http.get(url).set(bearer(de)).set('If-None-Match', whole.headers.etag).expect(200);
    expect(narrowed.body.agenda[0].noticeId).toBeNull();
    // The tag tells nothing of what was left out: a meeting with a hidden link is tagged as one without.
    expect(narrowed.headers.etag).toBe(whole.headers.etag);
    const host = await test.http.get(url).set(bearer(fr)).expect(200);
    expect(host.headers.etag).toBe(whole.headers.etag);

    await setAudience(test, secretariat, notice.id, { scope: 'all' });
    const widened = await test.http.get(url).set(bearer(de)).set('If-None-Match', narrowed.headers.etag).expect(200);
    expect(widened.body.agenda[0].noticeId).toBe(notice.id);
  });
});
