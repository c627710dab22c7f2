import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { MAIL_QUEUE } from '../../src/notifications/mail-delivery.js';
import { bearer, signedIn, type TestUser } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { createTestDatabase } from '../utils/database.js';
import { freePort, startServerProcess, waitForOk } from '../utils/process.js';
import { SmtpSink } from '../utils/smtp.js';
import { walkPages } from '../utils/pages.js';

const invite = (test: TestApp, admin: TestUser, email: string, language: 'en' | 'fr' = 'en') =>
  test.http
    .post('/api/v1/users')
    .set(bearer(admin))
    .send({
      email,
      displayName: language === 'fr' ? 'Élodie Martin' : 'Sam Taylor',
      role: 'focal_point',
      memberCode: 'CA',
      preferredLanguage: language,
    })
    .expect(201);

const linkIn = (text: string) => /set-password\?token=([A-Za-z0-9_%.-]+)/.exec(text)?.[1];

describe('email delivery', () => {
  let smtp: SmtpSink;
  let test: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    test = await startTestApp({ SMTP_URL: smtp.url, MAIL_WORKER_ENABLED: 'true' });
    admin = await signedIn(test, 'admin');
  });
  afterAll(async () => {
    await test.close();
    await smtp.stop();
  });

  it('delivers an invitation over SMTP with a working single-use link, in English', async () => {
    await invite(test, admin, 'sam@example.org');
    const [mail] = await smtp.waitFor('sam@example.org');
    expect(mail.subject).toBe('Invitation: your account with the G7 RRM secretariat');
    expect(mail.text).toContain('Hello Sam Taylor');
    expect(mail.html).toContain('<a href="http://localhost:3000/set-password?token=');
    const token = decodeURIComponent(linkIn(mail.text!)!);
    await test.http
      .post('/api/v1/auth/set-password')
      .send({ token, password: 'sam chose this passphrase' })
      .expect(204);
    await test.http
      .post('/api/v1/auth/set-password')
      .send({ token, password: 'sam tries it a second time' })
      .expect(400);
    await test.http
      .post('/api/v1/auth/login')
      .send({ email: 'sam@example.org', password: 'sam chose this passphrase' })
      .expect(200);
    const [row] = await test.dataSource.query(
      `SELECT status, sent_at, text_body, html_body FROM outbox_message WHERE recipient_email = 'sam@example.org'`,
    );
    expect(row.status).toBe('sent');
    // Once sent, the stored copy keeps no usable link: the database holds only the token's hash.
    expect(`${row.text_body}${row.html_body}`).not.toContain(token);
    expect(`${row.text_body}${row.html_body}`).not.toMatch(/rrm_pw_/);
    expect(row.text_body).toContain('set-password?token=[link sent]');
  });

  it('writes to French users in French, and resets passwords by email', async () => {
    await invite(test, admin, 'elodie@example.org', 'fr');
    const [invitation] = await smtp.waitFor('elodie@example.org');
    expect(invitation.subject).toBe('Invitation : votre compte au secrétariat du MRR du G7');
    expect(invitation.text).toContain('Bonjour Élodie Martin');
    await test.http.post('/api/v1/auth/forgot-password').send({ email: 'elodie@example.org' }).expect(202);
    const [, reset] = await smtp.waitFor('elodie@example.org', 2);
    expect(reset.subject).toBe('Réinitialisation de votre mot de passe');
    const token = decodeURIComponent(linkIn(reset.text!)!);
    await test.http.post('/api/v1/auth/set-password').send({ token, password: 'élodie a choisi ceci' }).expect(204);
    // The invitation link was replaced by the reset link.
    const old = decodeURIComponent(linkIn(invitation.text!)!);
    await test.http
      .post('/api/v1/auth/set-password')
      .send({ token: old, password: 'an old link must not work' })
      .expect(400);
  });

  it('keeps working while the mail server is down, delivers each message once when it is back, and not to the deactivated', async () => {
    const outage = await SmtpSink.reserve();
    const app = await startTestApp({ SMTP_URL: outage.url, MAIL_WORKER_ENABLED: 'true' });
    try {
      const chief = await signedIn(app, 'admin');
      for (const index of [1, 2, 3]) await invite(app, chief, `outage${index}@example.org`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const [pending] = await app.dataSource.query(
        `SELECT count(*)::int AS n, sum(attempts)::int AS attempts FROM outbox_message WHERE status = 'pending'`,
      );
      expect(pending.n).toBe(3);
      expect(pending.attempts).toBeGreaterThanOrEqual(3);
      // Deactivated while the mail server was down: what was queued for them is withdrawn, not sent.
      const [gone] = await app.dataSource.query(`SELECT id FROM app_user WHERE email = 'outage3@example.org'`);
      await app.http
        .patch(`/api/v1/users/${gone.id}`)
        .set(bearer(chief))
        .set('If-Match', '"1"')
        .send({ active: false })
        .expect(200);
      await outage.listen();
      for (const index of [1, 2]) await outage.waitFor(`outage${index}@example.org`, 1, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const recipients = outage.messages.map((mail) => JSON.stringify(mail.to));
      expect(recipients).toHaveLength(2);
      expect(recipients.filter((to) => to.includes('outage3@example.org'))).toEqual([]);
      const [withdrawn] = await app.dataSource.query(
        `SELECT status, text_body FROM outbox_message WHERE recipient_email = 'outage3@example.org'`,
      );
      expect(withdrawn.status).toBe('withdrawn');
      expect(withdrawn.text_body).not.toMatch(/rrm_pw_/);
    } finally {
      await app.close();
      await outage.stop();
    }
  });

  it('delivers each message once with two app processes working the queue', async () => {
    const sink = await SmtpSink.start();
    const first = await startTestApp({ SMTP_URL: sink.url, MAIL_WORKER_ENABLED: 'true' });
    const second = await startTestApp({ SMTP_URL: sink.url, MAIL_WORKER_ENABLED: 'true' }, { url: first.databaseUrl });
    try {
      const chief = await signedIn(first, 'admin');
      await Promise.all(
        Array.from({ length: 20 }, (_, index) => invite(index % 2 ? first : second, chief, `pair${index}@example.org`)),
      );
      for (let index = 0; index < 20; index++) await sink.waitFor(`pair${index}@example.org`, 1, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(sink.messages).toHaveLength(20);
      expect(new Set(sink.messages.map((mail) => mail.messageId)).size).toBe(20);
    } finally {
      await second.app.close();
      await first.close();
      await sink.stop();
    }
  });

  it('delivers after a restart what a process committed before it died', async () => {
    const database = await createTestDatabase();
    const sink = await SmtpSink.start();
    const env = {
      DATABASE_URL: database.url,
      JWT_SECRET: 'x'.repeat(40),
      ADMIN_EMAIL: 'boss@example.org',
      ADMIN_PASSWORD: 'the boss passphrase here',
      SMTP_URL: sink.url,
    };
    try {
      // The first process commits invitations but never delivers them (its worker is off), then is killed.
      const port = await freePort();
      const doomed = startServerProcess({ ...env, MAIL_WORKER_ENABLED: 'false' }, port);
      await waitForOk(`http://127.0.0.1:${port}/health/ready`);
      const login = (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'boss@example.org', password: 'the boss passphrase here' }),
        })
      ).json()) as { accessToken: string };
      const created = await fetch(`http://127.0.0.1:${port}/api/v1/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.accessToken}` },
        body: JSON.stringify({ email: 'survivor@example.org', displayName: 'Survivor', role: 'secretariat' }),
      });
      expect(created.status).toBe(201);
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      expect(sink.messages).toHaveLength(0);

      const revived = startServerProcess({ ...env, MAIL_WORKER_ENABLED: 'true' }, port);
      try {
        const [mail] = await sink.waitFor('survivor@example.org', 1, 30_000);
        expect(mail.subject).toMatch(/^Invitation/);
      } finally {
        revived.child.kill('SIGTERM');
        await revived.exited;
      }
    } finally {
      await sink.stop();
      await database.drop();
    }
  });

  it('writes and delivers once a message queued twice under one dedupe key; the second job ends quietly', async () => {
    const unitOfWork = test.app.get(UnitOfWork);
    const message = {
      dedupeKey: 'twice-queued',
      recipientUserId: null,
      recipientEmail: 'twice@example.org',
      language: 'en' as const,
      template: 'account.invitation',
      subject: 'Queued twice',
      textBody: 'Once is enough.',
      htmlBody: '<p>Once is enough.</p>',
    };
    for (const attempt of [1, 2]) {
      await unitOfWork.run(null, async (tx) => {
        tx.notify(message);
        tx.audit({
          action: 'user.updated',
          entityType: 'user',
          entityId: `twice-${attempt}`,
          changes: {},
          actor: null,
        });
      });
    }
    const rows = await test.dataSource.query(`SELECT id FROM outbox_message WHERE dedupe_key = 'twice-queued'`);
    expect(rows).toHaveLength(1);
    await smtp.waitFor('twice@example.org');
    const jobs = async () =>
      (await test.dataSource.query(
        `SELECT j.state FROM pgboss.job j LEFT JOIN outbox_message m ON j.data->'messageIds' ? m.id::text
         WHERE j.name = 'mail-delivery' AND (m.dedupe_key = 'twice-queued' OR m.id IS NULL)`,
      )) as { state: string }[];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await jobs()).some((job) => job.state !== 'completed')) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const states = (await jobs()).map((job) => job.state);
    expect(states).toEqual(['completed', 'completed']);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.to('twice@example.org')).toHaveLength(1);
  });

  it('delivers the messages of a change with one job; a refused recipient is retried alone, the others get one copy', async () => {
    const unitOfWork = test.app.get(UnitOfWork);
    const recipients = ['one', 'two', 'refused', 'four'].map((name) => `batch-${name}@example.org`);
    smtp.refused.add('batch-refused@example.org');
    await unitOfWork.run(null, async (tx) => {
      tx.notify(
        ...recipients.map((recipientEmail) => ({
          dedupeKey: `batch:${recipientEmail}`,
          recipientUserId: null,
          recipientEmail,
          language: 'en' as const,
          template: 'account.invitation',
          subject: 'One change, four recipients',
          textBody: 'For each of you.',
          htmlBody: '<p>For each of you.</p>',
        })),
      );
      tx.audit({ action: 'user.updated', entityType: 'user', entityId: 'batch', changes: {}, actor: null });
    });
    const jobs = await test.dataSource.query(
      `SELECT j.data FROM pgboss.job j JOIN outbox_message m ON j.data->'messageIds' ? m.id::text
       WHERE j.name = 'mail-delivery' AND m.dedupe_key LIKE 'batch:%'`,
    );
    expect(jobs).toHaveLength(4); // one job row, joined to its four messages
    expect(new Set(jobs.map((job: { data: object }) => JSON.stringify(job.data))).size).toBe(1);

    for (const recipient of recipients.filter((address) => !address.includes('refused'))) {
      await smtp.waitFor(recipient);
    }
    const attemptsOf = async () =>
      (
        await test.dataSource.query(
          `SELECT attempts FROM outbox_message WHERE recipient_email = 'batch-refused@example.org'`,
        )
      )[0].attempts as number;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await attemptsOf()) < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await attemptsOf()).toBeGreaterThanOrEqual(2); // retried
    smtp.refused.delete('batch-refused@example.org');
    await smtp.waitFor('batch-refused@example.org', 1, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const recipient of recipients) expect(smtp.to(recipient)).toHaveLength(1);
    const statuses = await test.dataSource.query(
      `SELECT DISTINCT status FROM outbox_message WHERE dedupe_key LIKE 'batch:%'`,
    );
    expect(statuses).toEqual([{ status: 'sent' }]);
  });

  it('delivers mail whose job was queued by an earlier version, one message per job', async () => {
    const [message] = await test.dataSource.query(
      `INSERT INTO outbox_message (dedupe_key, recipient_email, language, template, subject, text_body, html_body)
       VALUES ('queued-before-upgrade', 'upgrade@example.org', 'en', 'account.invitation', 'A subject', 'text', '<p>html</p>')
       RETURNING id`,
    );
    await test.app
      .get(UnitOfWork)
      .run(null, (tx) => test.app.get(JobQueue).sendInTransaction(tx.manager, MAIL_QUEUE, { messageId: message.id }));
    await smtp.waitFor('upgrade@example.org');
    const [row] = await test.dataSource.query(`SELECT status FROM outbox_message WHERE id = $1`, [message.id]);
    expect(row.status).toBe('sent');
  });

  it('writes .eml files under the data folder when no SMTP server is configured', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rrm-mail-'));
    const app = await startTestApp({ DATA_DIR: dataDir, MAIL_WORKER_ENABLED: 'true' });
    try {
      const chief = await signedIn(app, 'admin');
      await invite(app, chief, 'eml@example.org');
      const mailDir = join(dataDir, 'mail');
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !(existsSync(mailDir) && readdirSync(mailDir).length > 0)) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const [file] = readdirSync(mailDir);
      const eml = readFileSync(join(mailDir, file), 'utf8');
      expect(eml).toContain('To: eml@example.org');
      expect(eml).toContain('Subject: Invitation: your account with the G7 RRM secretariat');
      // It holds a live set-password link: nobody but the server's user may read it.
      expect(statSync(join(mailDir, file)).mode & 0o777).toBe(0o600);
      expect(statSync(mailDir).mode & 0o777).toBe(0o700);
    } finally {
      await app.close();
    }
  });

  it('marks a message failed after its last retry, shows it to admins, and lets them queue it again', async () => {
    const [message] = await test.dataSource.query(
      `INSERT INTO outbox_message (dedupe_key, recipient_email, language, template, subject, text_body, html_body, status, attempts, last_error)
       VALUES ('failed-test', 'gone@example.org', 'en', 'account.invitation', 'A subject', 'text', '<p>html</p>', 'failed', 70, 'connection refused')
       RETURNING id`,
    );
    const failed = await test.http.get('/api/v1/notifications/failed').set(bearer(admin)).expect(200);
    expect(failed.body.data).toEqual([
      expect.objectContaining({
        id: message.id,
        recipientEmail: 'gone@example.org',
        attempts: 70,
        lastError: 'connection refused',
      }),
    ]);
    expect(JSON.stringify(failed.body)).not.toContain('text_body');
    await test.http.post(`/api/v1/notifications/${message.id}/retry`).set(bearer(admin)).expect(202);
    await smtp.waitFor('gone@example.org');
    await test.http.post(`/api/v1/notifications/${message.id}/retry`).set(bearer(admin)).expect(409);
    const [event] = await test.dataSource.query(
      `SELECT action, entity_id FROM audit_event WHERE action = 'notification.retried'`,
    );
    expect(event.entity_id).toBe(message.id);
  });

  it('pages through failed messages each once, newest first', async () => {
    for (let index = 0; index < 5; index++) {
      await test.dataSource.query(
        `INSERT INTO outbox_message (dedupe_key, recipient_email, language, template, subject, text_body, html_body, status)
         VALUES ($1, 'gone@example.org', 'en', 'account.invitation', 'A subject', 'text', '<p>html</p>', 'failed')`,
        [`failed-page-${index}`],
      );
    }
    const all = await test.http.get('/api/v1/notifications/failed?limit=100').set(bearer(admin)).expect(200);
    const walked = await walkPages<{ id: string }>(test, admin, '/api/v1/notifications/failed', { limit: 2 });
    expect(walked.map((message) => message.id)).toEqual(all.body.data.map((message: { id: string }) => message.id));
    expect(walked.length).toBeGreaterThanOrEqual(5);
  });
});
