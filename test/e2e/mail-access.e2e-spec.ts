import { scheduleMeeting } from '../factories/meetings.js';
import { setMemberActive } from '../factories/members.js';
import { openProposal } from '../factories/proposals.js';
import { setAudience, sharedNotice } from '../factories/notices.js';
import { bearer, signedIn, updateUser, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { SmtpSink } from '../utils/smtp.js';

/**
 * Mail queued while the mail server is down is delivered later: by then a recipient may have lost the right to
 * read what it is about. Such a message is withdrawn, not sent; the others go out.
 */
describe('mail held up by an outage reaches only who may still read it', () => {
  let outage: SmtpSink;
  let test: TestApp;
  let admin: TestUser;
  let secretariat: TestUser;
  let fr: TestUser;
  let frMoved: TestUser;
  let ca: TestUser;
  let jp: TestUser;
  let de: TestUser;
  let nz: TestUser;
  let switched: TestUser;

  /** The one message of this template (and subject, when given) queued for the address. */
  const statusOf = async (email: string, template: string, subject = '') => {
    const rows = await test.dataSource.query(
      `SELECT status, last_error FROM outbox_message
       WHERE recipient_email = $1 AND template = $2 AND strpos(subject, $3) > 0`,
      [email, template, subject],
    );
    expect(rows).toHaveLength(1);
    return rows[0] as { status: string; last_error: string | null };
  };

  beforeAll(async () => {
    outage = await SmtpSink.reserve();
    test = await startTestApp({ SMTP_URL: outage.url, MAIL_WORKER_ENABLED: 'true' });
    admin = await signedIn(test, 'admin');
    secretariat = await signedIn(test, 'secretariat');
    fr = await signedIn(test, 'focal_point', 'FR');
    frMoved = await signedIn(test, 'focal_point', 'FR');
    ca = await signedIn(test, 'focal_point', 'CA');
    jp = await signedIn(test, 'focal_point', 'JP');
    de = await signedIn(test, 'focal_point', 'DE');
    nz = await signedIn(test, 'observer', 'NZ');
    switched = await signedIn(test, 'focal_point', 'IT');

    // Queued while the server is unreachable:
    // 1. a notice shared with every member, then narrowed to FR;
    const narrowed = await sharedNotice(test, secretariat, secretariat, {
      tlp: 'AMBER',
      audience: { scope: 'members' },
      title: 'Narrowed after sharing',
    });
    await setAudience(test, secretariat, narrowed.id, { scope: 'selected', memberCodes: ['FR'] });
    // 2. a notice for FR alone, one of whose focal points then moves to GB;
    await sharedNotice(test, secretariat, secretariat, {
      tlp: 'AMBER',
      audience: { scope: 'selected', memberCodes: ['FR'] },
      title: 'For France alone',
    });
    await updateUser(test, admin, frMoved.id, { memberCode: 'GB' });
    // 3. a meeting inviting JP, who is then taken off the invitees.
    const meeting = await scheduleMeeting(test, admin, { inviteeMemberCodes: ['FR', 'JP'] });
    await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', `"${meeting.version}"`)
      .send({ inviteeMemberCodes: ['FR'] })
      .expect(200);

    // 4. an agenda naming a notice shared with FR and DE, circulated to both; the notice is then narrowed to FR.
    const briefed = await scheduleMeeting(test, admin, {
      title: 'Briefing meeting',
      hostMemberCodes: ['FR'],
      inviteeMemberCodes: ['DE'],
    });
    const briefing = await sharedNotice(test, secretariat, secretariat, {
      title: 'Briefing for the meeting',
      audience: { scope: 'selected', memberCodes: ['FR', 'DE'] },
    });
    await test.http
      .post(`/api/v1/meetings/${briefed.id}/agenda-items`)
      .set(bearer(secretariat))
      .send({ title: 'Briefing', noticeId: briefing.id })
      .expect(201);
    await test.http.post(`/api/v1/meetings/${briefed.id}/agenda/circulate`).set(bearer(secretariat)).expect(200);
    await setAudience(test, secretariat, briefing.id, { scope: 'selected', memberCodes: ['FR'] });

    // 5. a notice shared with FR and NZ; the observer NZ is then deactivated.
    await sharedNotice(test, secretariat, secretariat, {
      title: 'Before New Zealand left',
      audience: { scope: 'selected', memberCodes: ['FR', 'NZ'] },
    });
    await setMemberActive(test, admin, 'NZ', false);

    // 6. a GREEN notice shared with FR, then raised to RED: its email quotes the GREEN summary.
    const raised = await sharedNotice(test, secretariat, secretariat, {
      title: 'Raised to RED while queued',
      audience: { scope: 'selected', memberCodes: ['FR'] },
    });
    await test.http
      .patch(`/api/v1/notices/${raised.id}`)
      .set(bearer(secretariat))
      .set('If-Match', `"${raised.version}"`)
      .send({ tlp: 'RED' })
      .expect(200);

    // 7. a proposal opened for the members' focal points; IT's is then made an observer of AU.
    await openProposal(test, secretariat, { title: 'Open while Italy switched' });
    await updateUser(test, admin, switched.id, { role: 'observer', memberCode: 'AU' });

    await outage.listen();
    // FR's focal point is sent both notices and the invitation; JP the withdrawal of theirs.
    await outage.waitFor(fr.email, 6, 60_000);
    await outage.waitFor(jp.email, 1, 60_000);
    // Every message is settled (sent or withdrawn) before the assertions.
    for (let attempt = 0; attempt < 100; attempt++) {
      const [{ open }] = await test.dataSource.query(
        `SELECT count(*)::int AS open FROM outbox_message WHERE status IN ('pending', 'failed')`,
      );
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await test.close();
    await outage.stop();
  });

  const received = (user: TestUser) =>
    outage.messages.filter((mail) => JSON.stringify(mail.to).includes(user.email)).map((mail) => mail.subject);

  it("does not send proposal mail for members' focal points to one made an observer since", async () => {
    expect(received(switched)).toEqual([]);
    expect(await statusOf(switched.email, 'proposal.opened')).toEqual({
      status: 'withdrawn',
      last_error: "The recipient is no longer a member's focal point.",
    });
    expect(await statusOf(jp.email, 'proposal.opened')).toEqual({ status: 'sent', last_error: null });
  });

  it('does not mail the summary of a notice whose marking was raised to RED while it waited', async () => {
    expect(received(fr).filter((subject) => subject?.includes('Raised to RED while queued'))).toEqual([]);
    expect(await statusOf(fr.email, 'notice.shared', 'Raised to RED while queued')).toEqual({
      status: 'withdrawn',
      last_error: "The notice's marking was raised since: its summary is no longer mailed.",
    });
  });

  it("does not send a deactivated member's users what was queued for it before", async () => {
    expect(received(nz)).toEqual([]);
    expect(await statusOf(nz.email, 'notice.shared', 'Before New Zealand left')).toEqual({
      status: 'withdrawn',
      last_error: "The recipient's member was deactivated.",
    });
    expect(received(fr).filter((subject) => subject?.includes('Before New Zealand left'))).toHaveLength(1);
  });

  it('does not send a shared notice to a member taken out of its audience', async () => {
    expect(received(ca).filter((subject) => subject?.includes('Narrowed after sharing'))).toEqual([]);
    expect(await statusOf(ca.email, 'notice.shared')).toEqual({
      status: 'withdrawn',
      last_error: 'The recipient may no longer see this notice.',
    });
    expect(received(fr).filter((subject) => subject?.includes('Narrowed after sharing'))).toHaveLength(1);
  });

  it('does not send a member-only notice to a focal point moved to another member', async () => {
    expect(received(frMoved).filter((subject) => subject?.startsWith('Notice'))).toEqual([]);
    const rows = await test.dataSource.query(
      `SELECT status FROM outbox_message WHERE recipient_email = $1 AND template LIKE 'notice.%' ORDER BY created_at`,
      [frMoved.email],
    );
    expect(rows.map((row: { status: string }) => row.status)).toEqual(['withdrawn', 'withdrawn']);
    expect(received(fr).filter((subject) => subject?.includes('For France alone'))).toHaveLength(1);
  });

  it('does not send an invitation to a member no longer invited, but sends them its withdrawal', async () => {
    expect(await statusOf(jp.email, 'meeting.invitation')).toEqual({
      status: 'withdrawn',
      last_error: 'The recipient may no longer see this meeting.',
    });
    expect((await statusOf(jp.email, 'meeting.uninvited')).status).toBe('sent');
    expect(received(jp).filter((subject) => !subject?.startsWith('Proposal'))).toEqual([
      expect.stringMatching(/^Invitation withdrawn: /),
    ]);
    expect((await statusOf(fr.email, 'meeting.invitation', 'RRM focal point meeting')).status).toBe('sent');
  });

  it('does not send a circulated agenda naming a notice its recipient may no longer see', async () => {
    expect(await statusOf(de.email, 'meeting.agenda')).toEqual({
      status: 'withdrawn',
      last_error: 'The recipient may no longer see this notice.',
    });
    expect(received(de).filter((subject) => subject?.startsWith('Agenda'))).toEqual([]);
    expect((await statusOf(fr.email, 'meeting.agenda')).status).toBe('sent');
  });
});
