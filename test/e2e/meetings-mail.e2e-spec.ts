import { addAgendaItems, scheduleMeeting } from '../factories/meetings.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { calendarOf, parseCalendar } from '../utils/calendar.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { SmtpSink } from '../utils/smtp.js';

/** Meeting emails as they arrive over SMTP, with their calendar parts read by ical.js. */
describe('meetings: email and calendar invitations', () => {
  let smtp: SmtpSink;
  let test: TestApp;
  let admin: TestUser;
  let secretariat: TestUser;
  let fr: TestUser;
  let frInFrench: TestUser;
  let de: TestUser;
  let jp: TestUser;
  let nz: TestUser;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    test = await startTestApp({
      SMTP_URL: smtp.url,
      MAIL_WORKER_ENABLED: 'true',
      APP_BASE_URL: 'https://rrm.example.org',
      MAIL_FROM: 'RRM Secretariat <secretariat@rrm.example.org>',
    });
    [admin, secretariat, fr, frInFrench, de, jp, nz] = await Promise.all([
      signedIn(test, 'admin'),
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'FR', { language: 'fr' }),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'focal_point', 'JP'),
      signedIn(test, 'observer', 'NZ'),
    ]);
  });
  afterAll(async () => {
    await test.close();
    await smtp.stop();
  });

  const about = (id: string, email: string) => smtp.to(email).filter((mail) => mail.text?.includes(id));
  const waitAbout = async (id: string, email: string, count: number) => {
    const deadline = Date.now() + 20_000;
    while (about(id, email).length < count) {
      if (Date.now() > deadline) throw new Error(`${count} mail(s) about ${id} for ${email} did not arrive`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return about(id, email);
  };

  it('invites, updates in place and cancels: same UID, growing SEQUENCE, the right instants and methods', async () => {
    // 09:00 in Ottawa is 14:00 UTC on 2 December 2030 (EST, UTC−05:00).
    const meeting = await scheduleMeeting(test, admin, {
      title: 'Winter focal point meeting',
      startsAt: '2030-12-02T09:00:00-05:00',
      endsAt: '2030-12-02T11:00:00-05:00',
      timeZone: 'America/Toronto',
      hostMemberCodes: ['CA'],
      inviteeMemberCodes: ['FR', 'DE'],
    });
    const [invitation] = await waitAbout(meeting.id, fr.email, 1);
    expect(invitation.subject).toBe('Invitation: Winter focal point meeting — 2 Dec 2030');
    expect(invitation.text).toContain(
      'Monday, 2 December 2030, 09:00–11:00 America/Toronto (UTC−05:00) — 14:00–16:00 UTC',
    );
    const invite = calendarOf(invitation);
    expect(invite).toEqual(
      expect.objectContaining({
        method: 'REQUEST',
        uid: `${meeting.id}@rrm-secretariat`,
        sequence: 0,
        start: '2030-12-02T14:00:00.000Z',
        end: '2030-12-02T16:00:00.000Z',
        summary: 'Winter focal point meeting',
        location: 'Lester B. Pearson Building, Ottawa',
        status: 'CONFIRMED',
        url: `https://rrm.example.org/meetings/${meeting.id}`,
        organizer: 'mailto:secretariat@rrm.example.org',
        attendees: [expect.stringMatching(new RegExp(`^mailto:${fr.email}$`, 'i'))],
        events: 1,
      }),
    );
    const [french] = await waitAbout(meeting.id, frInFrench.email, 1);
    expect(french.subject).toBe('Invitation : Winter focal point meeting — 2 déc. 2030');
    expect(french.text).toContain('lundi 2 décembre 2030, 09:00–11:00 America/Toronto (UTC−05:00)');
    expect(calendarOf(french).uid).toBe(invite.uid);
    await waitAbout(meeting.id, de.email, 1);

    // One hour later: everybody invited gets the new event, one SEQUENCE up.
    await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .send({ startsAt: '2030-12-02T10:00:00-05:00', endsAt: '2030-12-02T12:00:00-05:00' })
      .expect(200);
    const [, update] = await waitAbout(meeting.id, fr.email, 2);
    expect(update.subject).toBe('Meeting changed: Winter focal point meeting — 2 Dec 2030');
    expect(calendarOf(update)).toEqual(
      expect.objectContaining({
        method: 'REQUEST',
        uid: invite.uid,
        sequence: 1,
        start: '2030-12-02T15:00:00.000Z',
        end: '2030-12-02T17:00:00.000Z',
      }),
    );

    const cancelled = await test.http.post(`/api/v1/meetings/${meeting.id}/cancel`).set(bearer(admin)).expect(200);
    const [, , cancellation] = await waitAbout(meeting.id, de.email, 3);
    expect(cancellation.subject).toBe('Meeting cancelled: Winter focal point meeting — 2 Dec 2030');
    expect(calendarOf(cancellation)).toEqual(
      expect.objectContaining({ method: 'CANCEL', uid: invite.uid, sequence: 2, status: 'CANCELLED' }),
    );
    await waitAbout(meeting.id, frInFrench.email, 3);
    expect(cancelled.body.status).toBe('cancelled');
    // Nobody outside the invitation heard anything.
    expect(about(meeting.id, jp.email)).toEqual([]);
    expect(about(meeting.id, secretariat.email)).toEqual([]);
  });

  it('invites members added to the list and sends a cancellation to members taken off it', async () => {
    const meeting = await scheduleMeeting(test, admin, { hostMemberCodes: ['CA'], inviteeMemberCodes: ['DE'] });
    await waitAbout(meeting.id, de.email, 1);
    await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .send({ inviteeMemberCodes: ['JP'], kind: 'working_group' })
      .expect(200);
    const [joined] = await waitAbout(meeting.id, jp.email, 1);
    expect(calendarOf(joined)).toEqual(expect.objectContaining({ method: 'REQUEST', sequence: 1 }));
    const [, removed] = await waitAbout(meeting.id, de.email, 2);
    expect(removed.subject).toMatch(/^Invitation withdrawn: /);
    expect(calendarOf(removed)).toEqual(
      expect.objectContaining({ method: 'CANCEL', status: 'CANCELLED', sequence: 1 }),
    );
  });

  it('withdraws an invitation with only what the member was given, though the same change moves the meeting', async () => {
    const meeting = await scheduleMeeting(test, admin, {
      hostMemberCodes: ['CA'],
      inviteeMemberCodes: ['DE', 'JP'],
      location: 'Lester B. Pearson Building, Ottawa',
      virtualUrl: 'https://meet.example.org/rrm-fp',
    });
    const head = await auditHead(test.dataSource);
    await test.http
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(admin))
      .set('If-Match', '"1"')
      .send({
        inviteeMemberCodes: ['DE'],
        location: 'Safe room 7, Global Affairs Canada',
        virtualUrl: 'https://meet.example.org/rrm-moved-4f2a',
      })
      .expect(200);
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(expect.objectContaining({ action: 'meeting.updated', entity_id: meeting.id }));
    expect(Object.keys(event.changes as object).sort()).toEqual(['inviteeMemberCodes', 'location', 'virtualUrl']);
    await test.http.get(`/api/v1/meetings/${meeting.id}`).set(bearer(jp)).expect(404);

    const queued = async (template: string, email: string) => {
      const rows = (await test.dataSource.query(
        `SELECT text_body, html_body, attachments FROM outbox_message
         WHERE template = $1 AND recipient_email = $2 AND dedupe_key LIKE $3`,
        [template, email, `%:${meeting.id}:%`],
      )) as { text_body: string; html_body: string; attachments: { content: string; method: string }[] }[];
      expect(rows).toHaveLength(1);
      const [{ content, method }] = rows[0].attachments;
      // Unfolded (RFC 5545 3.1), so a value split over two lines is still found.
      return { ...rows[0], method, ics: content.replace(/\r\n[ \t]/g, ''), calendar: parseCalendar(content) };
    };
    const invitation = await queued('meeting.invitation', jp.email);
    const withdrawal = await queued('meeting.uninvited', jp.email);
    for (const part of [withdrawal.text_body, withdrawal.html_body, withdrawal.ics]) {
      expect(part).not.toContain('Safe room 7');
      expect(part).not.toContain('rrm-moved-4f2a');
    }
    expect(withdrawal.text_body).toContain('Lester B. Pearson Building, Ottawa');
    expect(withdrawal.text_body).toContain('https://meet.example.org/rrm-fp');
    expect(withdrawal.method).toBe('CANCEL');
    expect(withdrawal.calendar).toEqual(
      expect.objectContaining({
        method: 'CANCEL',
        status: 'CANCELLED',
        uid: invitation.calendar.uid,
        location: 'Lester B. Pearson Building, Ottawa',
      }),
    );
    expect(withdrawal.calendar.sequence).toBeGreaterThan(invitation.calendar.sequence);

    // The members still invited are told where the meeting now is.
    const change = await queued('meeting.updated', de.email);
    expect(change.text_body).toContain('Safe room 7, Global Affairs Canada');
    expect(change.text_body).toContain('https://meet.example.org/rrm-moved-4f2a');
    expect(change.calendar).toEqual(
      expect.objectContaining({
        method: 'REQUEST',
        uid: invitation.calendar.uid,
        sequence: withdrawal.calendar.sequence,
        location: 'Safe room 7, Global Affairs Canada',
      }),
    );
    expect(change.calendar.description).toContain('https://meet.example.org/rrm-moved-4f2a');
  });

  it('circulates the agenda in each recipient’s language, with the zone and UTC offset; exercise marked', async () => {
    const meeting = await scheduleMeeting(test, admin, {
      title: 'Tabletop on election interference',
      exercise: true,
      startsAt: '2030-07-01T09:00:00+09:00',
      endsAt: '2030-07-01T10:30:00+09:00',
      timeZone: 'Asia/Tokyo',
      hostMemberCodes: ['JP'],
      inviteeMemberCodes: ['FR', 'NZ'],
    });
    await waitAbout(meeting.id, nz.email, 1);
    await test.http.post(`/api/v1/meetings/${meeting.id}/agenda/circulate`).set(bearer(secretariat)).expect(409);
    await addAgendaItems(test, secretariat, meeting.id, ['Scenario briefing', 'Injects and responses']);
    const head = await auditHead(test.dataSource);
    const circulated = await test.http
      .post(`/api/v1/meetings/${meeting.id}/agenda/circulate`)
      .set(bearer(secretariat))
      .expect(200);
    expect(circulated.body.agendaVersion).toBe(1);
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event).toEqual(expect.objectContaining({ action: 'meeting.agenda_circulated', entity_id: meeting.id }));
    expect(event.changes).toEqual({ agendaVersion: 1, recipients: expect.any(Number) });

    const [, english] = await waitAbout(meeting.id, nz.email, 2);
    expect(english.subject).toBe('[EXERCISE] Agenda (version 1): Tabletop on election interference — 1 Jul 2030');
    expect(english.text).toContain('Monday, 1 July 2030, 09:00–10:30 Asia/Tokyo (UTC+09:00) — 00:00–01:30 UTC');
    expect(english.text).toContain('1. Scenario briefing\n2. Injects and responses');
    expect(english.text).toMatch(/EXERCISE/);
    const [, french] = await waitAbout(meeting.id, frInFrench.email, 2);
    expect(french.subject).toBe(
      '[EXERCISE] Ordre du jour (version 1) : Tabletop on election interference — 1 juil. 2030',
    );
    expect(french.text).toContain('lundi 1 juillet 2030, 09:00–10:30 Asia/Tokyo (UTC+09:00)');
    expect(french.attachments.filter((part) => part.contentType === 'text/calendar')).toEqual([]);

    await test.http.post(`/api/v1/meetings/${meeting.id}/agenda/circulate`).set(bearer(admin)).expect(200);
    const [, , second] = await waitAbout(meeting.id, nz.email, 3);
    expect(second.subject).toContain('Agenda (version 2)');
  });
});
