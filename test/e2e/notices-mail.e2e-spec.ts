import { draftNotice, sharedNotice } from '../factories/notices.js';
import { bearer, insertUser, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

interface Outbound {
  recipient_email: string;
  recipient_user_id: string;
  language: string;
  template: string;
  subject: string;
  text_body: string;
  html_body: string;
  dedupe_key: string;
}

describe('notices: email', () => {
  let test: TestApp;
  let fr: TestUser;
  let frInFrench: TestUser;
  let de: TestUser;
  let nz: TestUser;
  let au: TestUser;
  let secretariat: TestUser;
  let inactiveFr: { email: string };

  beforeAll(async () => {
    test = await startTestApp({ APP_BASE_URL: 'https://rrm.example.org' });
    [fr, frInFrench, de, nz, au, secretariat] = await Promise.all([
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'FR', { language: 'fr' }),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'observer', 'NZ'),
      signedIn(test, 'observer', 'AU'),
      signedIn(test, 'secretariat'),
    ]);
    inactiveFr = await insertUser(test.dataSource, 'focal_point', 'FR', { active: false });
  });
  afterAll(() => test.close());

  const mailAbout = (noticeId: string, template = 'notice.shared'): Promise<Outbound[]> =>
    test.dataSource.query(
      `SELECT * FROM outbox_message WHERE dedupe_key LIKE $1 AND template = $2 ORDER BY recipient_email`,
      [`%:${noticeId}:%`, template],
    );

  it('mails each active focal point and observer of the audience once, in their language, on sharing', async () => {
    const notice = await draftNotice(test, de, {
      audience: { scope: 'selected', memberCodes: ['FR', 'NZ'] },
      tlp: 'AMBER',
      summary: 'Summary for the audience.',
    });
    await test.http.post(`/api/v1/notices/${notice.id}/submit`).set(bearer(de)).expect(200);
    const head = await auditHead(test.dataSource);
    await test.http.post(`/api/v1/notices/${notice.id}/share`).set(bearer(secretariat)).expect(200);
    expect((await auditEventsSince(test.dataSource, head)).map((event) => event.action)).toEqual(['notice.shared']);

    const mails = await mailAbout(notice.id);
    expect(mails.map((mail) => mail.recipient_email).sort()).toEqual(
      [fr.email, frInFrench.email, nz.email].sort(), // not DE (the author, not in the audience), AU or the inactive
    );
    expect(mails.map((mail) => mail.recipient_email)).not.toContain(inactiveFr.email);
    for (const mail of mails) {
      expect(mail.dedupe_key).toBe(`notice-shared:${notice.id}:${mail.recipient_user_id}`);
      expect(mail.subject).toContain(notice.reference);
      expect(mail.subject).toContain('TLP:AMBER');
      expect(mail.text_body).toContain(`https://rrm.example.org/notices/${notice.id}`);
      expect(mail.text_body).toContain('Summary for the audience.');
    }
    const french = mails.find((mail) => mail.recipient_email === frInFrench.email)!;
    expect(french.language).toBe('fr');
    expect(french.subject).toMatch(/^Avis RRM-\d{4}-\d{4,} partagé avec vous/);
    expect(french.text_body).toContain(`Consulter l’avis : https://rrm.example.org/notices/${notice.id}`);
    const english = mails.find((mail) => mail.recipient_email === fr.email)!;
    expect(english.language).toBe('en');
    expect(english.subject).toMatch(/^Notice RRM-\d{4}-\d{4,} shared with you/);
  });

  it.each(['RED', 'AMBER_STRICT'])(
    'keeps %s emails to reference, title, marking and link: no summary, body or indicators',
    async (tlp) => {
      const notice = await sharedNotice(test, fr, secretariat, {
        tlp,
        audience: { scope: 'selected', memberCodes: ['DE'] },
        title: `Restricted ${tlp} title`,
        summary: 'SECRET-SUMMARY-TEXT',
        body: 'SECRET-BODY-TEXT',
        indicators: [{ kind: 'domain', value: 'secret-indicator.example' }],
        tags: ['secret-tag'],
      });
      const [mail] = await mailAbout(notice.id);
      expect(mail.recipient_email).toBe(de.email);
      for (const text of [mail.subject, mail.text_body, mail.html_body]) {
        expect(text).not.toMatch(/SECRET-SUMMARY-TEXT|SECRET-BODY-TEXT|secret-indicator|secret-tag/);
      }
      expect(mail.subject).toContain(notice.reference);
      expect(mail.subject).toContain(tlp === 'RED' ? 'TLP:RED' : 'TLP:AMBER+STRICT');
      expect(mail.text_body).toContain(`Restricted ${tlp} title`);
      expect(mail.text_body).toContain(`/notices/${notice.id}`);
    },
  );

  it('says FLASH for flash priority and marks exercise traffic in subject and body', async () => {
    const flash = await sharedNotice(test, fr, secretariat, { priority: 'flash', audience: { scope: 'members' } });
    const flashMails = await mailAbout(flash.id);
    expect(flashMails.length).toBeGreaterThanOrEqual(3); // FR ×2 and DE at least; observers are not members
    expect(flashMails.map((mail) => mail.recipient_email)).not.toContain(nz.email);
    expect(flashMails.map((mail) => mail.recipient_email)).not.toContain(au.email);
    for (const mail of flashMails) expect(mail.subject).toMatch(/^FLASH — (Notice|Avis) /);

    const exercise = await sharedNotice(test, fr, secretariat, { exercise: true, priority: 'flash' });
    const exerciseMails = await mailAbout(exercise.id);
    expect(exerciseMails.map((mail) => mail.recipient_email)).toEqual(expect.arrayContaining([nz.email, au.email]));
    for (const mail of exerciseMails) {
      expect(mail.subject).toMatch(/^\[EXERCISE\] FLASH — /);
      expect(mail.text_body).toMatch(/EXERCISE|EXERCICE/);
    }
  });

  it('tells the active secretariat when a notice is submitted, without its content', async () => {
    const notice = await draftNotice(test, fr, { summary: 'NOT-FOR-THE-INBOX' });
    await test.http.post(`/api/v1/notices/${notice.id}/submit`).set(bearer(fr)).expect(200);
    const mails = await mailAbout(notice.id, 'notice.submitted');
    expect(mails.map((mail) => mail.recipient_email)).toContain(secretariat.email);
    const mine = mails.find((mail) => mail.recipient_email === secretariat.email)!;
    expect(mine.subject).toContain(notice.reference);
    expect(mine.text_body).not.toContain('NOT-FOR-THE-INBOX');
  });

  it('mails only the new recipients when the secretariat widens the audience of a shared notice', async () => {
    const notice = await sharedNotice(test, fr, secretariat, { audience: { scope: 'selected', memberCodes: ['NZ'] } });
    expect((await mailAbout(notice.id)).map((mail) => mail.recipient_email)).toEqual([nz.email]);
    const head = await auditHead(test.dataSource);
    await test.http
      .patch(`/api/v1/notices/${notice.id}`)
      .set(bearer(secretariat))
      .set('If-Match', `"${notice.version}"`)
      .send({ audience: { scope: 'selected', memberCodes: ['NZ', 'AU'] } })
      .expect(200);
    const [event] = await auditEventsSince(test.dataSource, head);
    expect(event.action).toBe('notice.updated');
    expect(event.changes).toEqual({
      audience: {
        from: { scope: 'selected', memberCodes: ['NZ'] },
        to: { scope: 'selected', memberCodes: ['NZ', 'AU'] },
      },
    });
    const mails = await mailAbout(notice.id);
    expect(mails.map((mail) => mail.recipient_email).sort()).toEqual([au.email, nz.email].sort());
  });

  it('queues nothing when sharing fails', async () => {
    const notice = await sharedNotice(test, fr, secretariat, { audience: { scope: 'selected', memberCodes: ['AU'] } });
    const before = (await mailAbout(notice.id)).length;
    await test.http.post(`/api/v1/notices/${notice.id}/share`).set(bearer(secretariat)).expect(409);
    expect(await mailAbout(notice.id)).toHaveLength(before);
  });
});
