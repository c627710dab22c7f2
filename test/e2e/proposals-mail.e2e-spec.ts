import { sharedNotice } from '../factories/notices.js';
import { G7, openProposal, replyTo } from '../factories/proposals.js';
import { bearer, insertUser, signedIn, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

interface Outbound {
  recipient_email: string;
  recipient_user_id: string;
  language: string;
  subject: string;
  text_body: string;
  html_body: string;
  dedupe_key: string;
}

describe('proposals: email', () => {
  let test: TestApp;
  let secretariat: TestUser;
  let fr: TestUser;
  let frInFrench: TestUser;
  let de: TestUser;
  let it_: TestUser;
  let au: TestUser;
  let inactiveFr: { email: string };

  beforeAll(async () => {
    test = await startTestApp({ APP_BASE_URL: 'https://rrm.example.org' });
    [secretariat, fr, frInFrench, de, it_, au] = await Promise.all([
      signedIn(test, 'secretariat'),
      signedIn(test, 'focal_point', 'FR'),
      signedIn(test, 'focal_point', 'FR', { language: 'fr' }),
      signedIn(test, 'focal_point', 'DE'),
      signedIn(test, 'focal_point', 'IT'),
      signedIn(test, 'observer', 'AU'),
    ]);
    inactiveFr = await insertUser(test.dataSource, 'focal_point', 'FR', { active: false });
  });
  afterAll(() => test.close());

  const mailAbout = (id: string, template: string): Promise<Outbound[]> =>
    test.dataSource.query(
      `SELECT * FROM outbox_message WHERE template = $1 AND dedupe_key LIKE $2 ORDER BY recipient_email`,
      [template, `%:${id}:%`],
    );

  it('mails every active member’s focal points on opening, once each, in their language; not observers', async () => {
    const notice = await sharedNotice(test, fr, secretariat);
    const head = await auditHead(test.dataSource);
    const proposal = await openProposal(test, secretariat, {
      deadline: '2027-03-01T09:30:00Z',
      noticeIds: [notice.id],
      rationale: 'Secret rationale that stays in the system.',
    });
    expect((await auditEventsSince(test.dataSource, head)).map((event) => event.action)).toEqual([
      'proposal.created',
      'proposal.opened',
    ]);
    const mails = await mailAbout(proposal.id, 'proposal.opened');
    expect(mails.map((mail) => mail.recipient_email).sort()).toEqual(
      [fr.email, frInFrench.email, de.email, it_.email].sort(),
    );
    for (const mail of mails) {
      expect([au.email, inactiveFr.email, secretariat.email]).not.toContain(mail.recipient_email);
      expect(mail.dedupe_key).toBe(`proposal-opened:${proposal.id}:${mail.recipient_user_id}`);
      expect(mail.subject).toContain(proposal.reference);
      expect(mail.subject).toContain('2027-03-01 09:30 UTC');
      expect(mail.text_body).toContain(`https://rrm.example.org/proposals/${proposal.id}`);
      expect(mail.text_body).not.toContain('Secret rationale');
      expect(mail.text_body).not.toContain(notice.id);
      expect(mail.subject).not.toContain('[EXERCISE]');
    }
    const french = mails.find((mail) => mail.recipient_email === frInFrench.email)!;
    expect(french.language).toBe('fr');
    expect(french.subject).toBe(
      `Proposition ${proposal.reference} ouverte à votre réponse jusqu’au 2027-03-01 09:30 UTC`,
    );
    expect(french.text_body).toContain('consensus : adoptée lorsque tous les membres ont répondu');
    const english = mails.find((mail) => mail.recipient_email === fr.email)!;
    expect(english.language).toBe('en');
    expect(english.subject).toBe(`Proposal ${proposal.reference} open for your reply until 2027-03-01 09:30 UTC`);
    expect(english.text_body).toContain('Action: joint statement');
  });

  it('marks exercise traffic in the subject and body of every proposal email', async () => {
    const proposal = await openProposal(test, secretariat, { exercise: true, decisionRule: 'silence' });
    await test.http.post(`/api/v1/proposals/${proposal.id}/close`).set(bearer(secretariat)).expect(200);
    for (const template of ['proposal.opened', 'proposal.closed']) {
      const mails = await mailAbout(proposal.id, template);
      expect(mails.length).toBe(4);
      for (const mail of mails) {
        expect(mail.subject).toMatch(/^\[EXERCISE\] /);
        expect(mail.text_body).toMatch(/EXERCISE|EXERCICE/);
        expect(mail.html_body).toMatch(/EXERCISE|EXERCICE/);
      }
    }
  });

  it('tells the members the result of an early close, with the tally and signatories', async () => {
    const proposal = await openProposal(test, secretariat, { decisionRule: 'silence' });
    await replyTo(test, fr, proposal.id, { position: 'support_with_reservations', comment: 'Wording.' }).expect(201);
    await replyTo(test, de, proposal.id, { position: 'object', comment: 'No.' }).expect(201);
    await test.http.post(`/api/v1/proposals/${proposal.id}/close`).set(bearer(secretariat)).expect(200);
    const mails = await mailAbout(proposal.id, 'proposal.closed');
    const english = mails.find((mail) => mail.recipient_email === de.email)!;
    expect(english.subject).toBe(`Proposal ${proposal.reference} not adopted`);
    expect(english.text_body).toContain('The secretariat closed proposal');
    expect(english.text_body).toContain('support with reservations: 1; abstain: 0; object: 1');
    expect(english.text_body).toContain('Signatories: FR');
    const french = mails.find((mail) => mail.recipient_email === frInFrench.email)!;
    expect(french.subject).toBe(`Proposition ${proposal.reference} non adoptée`);
    expect(french.text_body).toContain('Signataires : FR');
  });

  it('leaves an inactive member out of tallies and email', async () => {
    await test.dataSource.query(`UPDATE member SET active = false WHERE code = 'IT'`);
    try {
      const proposal = await openProposal(test, secretariat);
      expect(proposal.tally.notReplied).toEqual(G7.filter((code) => code !== 'IT'));
      const mails = await mailAbout(proposal.id, 'proposal.opened');
      expect(mails.map((mail) => mail.recipient_email)).not.toContain(it_.email);
      await replyTo(test, it_, proposal.id, { position: 'object', comment: 'We object.' }).expect(403);
    } finally {
      await test.dataSource.query(`UPDATE member SET active = true WHERE code = 'IT'`);
    }
  });
});
