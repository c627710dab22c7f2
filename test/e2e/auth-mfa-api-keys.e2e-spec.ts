import { currentStep, totpAt } from '../../src/auth/totp.js';
import { bearer, enableMfa, PASSWORD, signedIn } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { walkPages } from '../utils/pages.js';

describe('MFA and API keys', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(() => test.close());

  it('enrols TOTP, then requires a fresh code at sign-in and refuses a replayed one', async () => {
    const user = await signedIn(test, 'secretariat');
    const elsewhere = await test.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    let head = await auditHead(test.dataSource);
    const setup = await test.http.post('/api/v1/auth/mfa/setup').set(bearer(user)).expect(200);
    expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`);
    const started = await auditEventsSince(test.dataSource, head);
    expect(started.map((event) => [event.action, event.changes])).toEqual([['auth.mfa_setup_started', null]]);
    await test.http.post('/api/v1/auth/mfa/enable').set(bearer(user)).send({ totp: '000000' }).expect(400);
    const step = currentStep();
    head = await auditHead(test.dataSource);
    const enabled = await test.http
      .post('/api/v1/auth/mfa/enable')
      .set(bearer(user))
      .send({ totp: totpAt(setup.body.secret, step) })
      .expect(200);
    expect(enabled.body.mfaEnabled).toBe(true);
    expect(JSON.stringify(enabled.body)).not.toContain(setup.body.secret);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => [event.action, event.changes])).toEqual([
      ['auth.mfa_enabled', { sessionsRevoked: 1 }],
    ]);
    // The session that signed in with the password alone has ended; the one that enrolled goes on.
    await test.http
      .get('/api/v1/auth/me')
      .set(bearer({ token: elsewhere.body.accessToken }))
      .expect(401);
    await test.http.post('/api/v1/auth/refresh').send({ refreshToken: elsewhere.body.refreshToken }).expect(401);
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);

    await test.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
    // The enrolment code was used at `step`: it cannot sign in again.
    await test.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD, totp: totpAt(setup.body.secret, step) })
      .expect(401);
    const next = totpAt(setup.body.secret, step + 1);
    await test.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD, totp: next }).expect(200);
    await test.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD, totp: next }).expect(401);

    const mails = await test.dataSource.query('SELECT subject FROM outbox_message WHERE recipient_email = $1', [
      user.email,
    ]);
    expect(mails).toEqual([{ subject: 'Two-factor authentication turned on' }]);
    const [stored] = await test.dataSource.query('SELECT text_body FROM outbox_message WHERE recipient_email = $1', [
      user.email,
    ]);
    expect(stored.text_body).not.toContain(setup.body.secret);
  });

  it('throttles guesses of a TOTP code like sign-ins, with 429 and Retry-After', async () => {
    const limited = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const user = await signedIn(limited, 'secretariat');
      await limited.http.post('/api/v1/auth/mfa/setup').set(bearer(user)).expect(200);
      const statuses: number[] = [];
      for (let guess = 0; guess < 5; guess++) {
        const answer = await limited.http
          .post('/api/v1/auth/mfa/enable')
          .set(bearer(user))
          .send({ totp: String(guess).padStart(6, '0') });
        statuses.push(answer.status);
        if (answer.status === 429) expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(statuses.slice(-2)).toEqual([429, 429]);
      const me = await limited.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
      expect(me.body.mfaEnabled).toBe(false);
    } finally {
      await limited.close();
    }
  });

  it('keeps staff without MFA to /auth/* when MFA is required', async () => {
    const strict = await startTestApp({ MFA_REQUIRED: 'true' });
    try {
      const admin = await signedIn(strict, 'admin');
      const focalPoint = await signedIn(strict, 'focal_point', 'CA');
      const refused = await strict.http.get('/api/v1/users').set(bearer(admin)).expect(403);
      expect(refused.body.detail).toMatch(/multi-factor/i);
      await strict.http.get('/api/v1/auth/me').set(bearer(admin)).expect(200);
      await strict.http.get('/api/v1/members').set(bearer(focalPoint)).expect(200);
      await enableMfa(strict, admin);
      await strict.http.get('/api/v1/users').set(bearer(admin)).expect(200);
    } finally {
      await strict.close();
    }
  });

  it('disables MFA with a valid code only', async () => {
    const user = await signedIn(test, 'auditor');
    const setup = await test.http.post('/api/v1/auth/mfa/setup').set(bearer(user)).expect(200);
    const step = currentStep();
    await test.http
      .post('/api/v1/auth/mfa/enable')
      .set(bearer(user))
      .send({ totp: totpAt(setup.body.secret, step) });
    await test.http.post('/api/v1/auth/mfa/disable').set(bearer(user)).send({ totp: '123456' }).expect(400);
    const disabled = await test.http
      .post('/api/v1/auth/mfa/disable')
      .set(bearer(user))
      .send({ totp: totpAt(setup.body.secret, step + 1) })
      .expect(200);
    expect(disabled.body.mfaEnabled).toBe(false);
    await test.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
  });

  it('creates an API key shown once, lists it without the key, and acts as its owner', async () => {
    const user = await signedIn(test, 'focal_point', 'CA');
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const head = await auditHead(test.dataSource);
    const created = await test.http
      .post('/api/v1/auth/api-keys')
      .set(bearer(user))
      .send({ name: 'Ottawa case system', expiresAt })
      .expect(201);
    expect(created.body.key).toMatch(/^rrm_key_/);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events).toEqual([expect.objectContaining({ action: 'auth.api_key_created', entity_id: created.body.id })]);
    expect(JSON.stringify(events)).not.toContain(created.body.key);

    const listed = await test.http.get('/api/v1/auth/api-keys').set(bearer(user)).expect(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ id: created.body.id, name: 'Ottawa case system' })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    const [stored] = await test.dataSource.query('SELECT key_hash FROM api_key WHERE id = $1', [created.body.id]);
    expect(stored.key_hash).not.toContain(created.body.key);

    const asKey = { Authorization: `Bearer ${created.body.key}` };
    const me = await test.http.get('/api/v1/auth/me').set(asKey).expect(200);
    expect(me.body.id).toBe(user.id);
    // The same permissions as the owner, nothing more; and no say over the owner's credentials.
    await test.http.get('/api/v1/users').set(asKey).expect(403);
    for (const [method, path, body] of [
      ['post', '/api/v1/auth/api-keys', { name: 'a second key', expiresAt }],
      ['get', '/api/v1/auth/api-keys', undefined],
      ['delete', `/api/v1/auth/api-keys/${created.body.id}`, undefined],
      ['post', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'an entirely new passphrase here' }],
      ['post', '/api/v1/auth/mfa/setup', undefined],
      ['post', '/api/v1/auth/logout-all', undefined],
    ] as const) {
      const refused = await test.http[method](path).set(asKey).send(body);
      expect([path, refused.status]).toEqual([path, 403]);
    }
    const [{ count }] = await test.dataSource.query('SELECT count(*)::int AS count FROM api_key WHERE user_id = $1', [
      user.id,
    ]);
    expect(count).toBe(1);
    // The owner, signed in, still is: the key changed nothing.
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);

    await test.http.delete(`/api/v1/auth/api-keys/${created.body.id}`).set(bearer(user)).expect(204);
    await test.http.get('/api/v1/auth/me').set(asKey).expect(401);
  });

  it('refuses expired keys, keys of others and bad expiry dates', async () => {
    const user = await signedIn(test, 'observer', 'SE');
    const other = await signedIn(test, 'observer', 'SE');
    const created = await test.http
      .post('/api/v1/auth/api-keys')
      .set(bearer(user))
      .send({ name: 'short lived', expiresAt: new Date(Date.now() + 60_000).toISOString() })
      .expect(201);
    await test.http.delete(`/api/v1/auth/api-keys/${created.body.id}`).set(bearer(other)).expect(404);
    await test.dataSource.query(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      created.body.id,
    ]);
    await test.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${created.body.key}`).expect(401);
    await test.http
      .post('/api/v1/auth/api-keys')
      .set(bearer(user))
      .send({ name: 'past', expiresAt: new Date(Date.now() - 1000).toISOString() })
      .expect(400);
    await test.http.post('/api/v1/auth/api-keys').set(bearer(user)).send({ name: 'no expiry' }).expect(400);
    // An expiry is an instant with its offset, on a day that exists: never read in the server's time zone.
    const nextYear = new Date().getUTCFullYear() + 1;
    for (const expiresAt of [`${nextYear}-01-01`, `${nextYear}-01-01T00:00:00`, `${nextYear}-02-30T00:00:00Z`]) {
      const refused = await test.http.post('/api/v1/auth/api-keys').set(bearer(user)).send({ name: 'odd', expiresAt });
      expect([refused.status, refused.body.errors?.[0]?.field]).toEqual([400, 'expiresAt']);
    }
    await test.http.get('/api/v1/auth/me').set('Authorization', 'Bearer rrm_key_madeup').expect(401);
  });

  it("pages through the caller's keys, newest first, each once, and refuses list parameters out of range", async () => {
    const user = await signedIn(test, 'focal_point', 'IT');
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (const name of ['first', 'second', 'third', 'fourth', 'fifth']) {
      await test.http.post('/api/v1/auth/api-keys').set(bearer(user)).send({ name, expiresAt }).expect(201);
    }
    const keys = await walkPages<{ name: string }>(test, user, '/api/v1/auth/api-keys', { limit: 2 });
    expect(keys.map((key) => key.name)).toEqual(['fifth', 'fourth', 'third', 'second', 'first']);
    for (const query of ['limit=0', 'limit=101', 'cursor=zzz', 'foo=bar']) {
      await test.http.get(`/api/v1/auth/api-keys?${query}`).set(bearer(user)).expect(400);
    }
  });
});
