import { createHmac } from 'node:crypto';
import { bearer, createApiKey, deactivate, PASSWORD, signedIn, updateUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../utils/app.js';
import { closeCommitGate, waitForLockWaiters } from '../utils/commit-gate.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (header: object, payload: object, secret: string) => {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
};

describe('sessions and tokens', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(() => test.close());

  it('rotates refresh tokens: the old one stops working', async () => {
    const user = await signedIn(test, 'focal_point', 'FR');
    const first = await test.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    await test.http
      .get('/api/v1/auth/me')
      .set(bearer({ token: first.body.accessToken }))
      .expect(200);
    const second = await test.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);
    expect(second.body.tokenType).toBe('Bearer');
  });

  it('revokes the whole session when a rotated refresh token comes back', async () => {
    const user = await signedIn(test, 'focal_point', 'FR');
    const rotated = await test.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    const head = await auditHead(test.dataSource);
    await test.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    // Everything of that session stops: the newest refresh token and the access tokens.
    await test.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
    await test.http
      .get('/api/v1/auth/me')
      .set(bearer({ token: rotated.body.accessToken }))
      .expect(401);
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events.map((event) => event.action)).toEqual(['auth.refresh_token_reused']);
    expect(events[0].actor_id).toBe(user.id);
  });

  it('logs out: the refresh token is revoked and the session ends', async () => {
    const user = await signedIn(test, 'observer', 'NZ');
    const head = await auditHead(test.dataSource);
    await test.http.post('/api/v1/auth/logout').set(bearer(user)).send({ refreshToken: user.refreshToken }).expect(204);
    await test.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events).toEqual([expect.objectContaining({ action: 'auth.logout', actor_id: user.id })]);
  });

  it('logs out everywhere: every session of the caller ends, others are untouched', async () => {
    const user = await signedIn(test, 'secretariat');
    const second = await test.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const someoneElse = await signedIn(test, 'secretariat');
    await test.http.post('/api/v1/auth/logout-all').set(bearer(user)).expect(204);
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
    await test.http
      .get('/api/v1/auth/me')
      .set(bearer({ token: second.body.accessToken }))
      .expect(401);
    await test.http.get('/api/v1/auth/me').set(bearer(someoneElse)).expect(200);
  });

  it('changing the password ends the other sessions but keeps this one, and mails a notice', async () => {
    const user = await signedIn(test, 'auditor');
    const other = await test.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const newPassword = 'a completely different passphrase';
    await test.http
      .post('/api/v1/auth/password')
      .set(bearer(user))
      .send({ currentPassword: 'wrong current password!!', newPassword })
      .expect(400);
    await test.http
      .post('/api/v1/auth/password')
      .set(bearer(user))
      .send({ currentPassword: PASSWORD, newPassword: 'short' })
      .expect(400);
    const head = await auditHead(test.dataSource);
    await test.http
      .post('/api/v1/auth/password')
      .set(bearer(user))
      .send({ currentPassword: PASSWORD, newPassword })
      .expect(204);
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
    await test.http
      .get('/api/v1/auth/me')
      .set(bearer({ token: other.body.accessToken }))
      .expect(401);
    await test.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
    await test.http.post('/api/v1/auth/login').send({ email: user.email, password: newPassword }).expect(200);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events[0]).toEqual(
      expect.objectContaining({ action: 'auth.password_changed', changes: { sessionsRevoked: 1 } }),
    );
    expect(JSON.stringify(events)).not.toContain(newPassword);
    const mails = await test.dataSource.query(
      'SELECT subject, text_body FROM outbox_message WHERE recipient_email = $1',
      [user.email],
    );
    expect(mails).toEqual([expect.objectContaining({ subject: 'Your password was changed' })]);
    expect(mails[0].text_body).not.toContain(newPassword);
  });

  it.each([
    ['alg none', (claims: object) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
    [
      'a wrong key',
      (claims: object) => sign({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-of-sufficient-length-000000'),
    ],
    [
      'HS512 with the right key',
      (claims: object) => {
        const body = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}`;
        return `${body}.${createHmac('sha512', TEST_JWT_SECRET).update(body).digest('base64url')}`;
      },
    ],
    [
      'a wrong audience',
      (claims: object) => sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'elsewhere' }, TEST_JWT_SECRET),
    ],
    [
      'an expired token',
      (claims: object) =>
        sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET),
    ],
    [
      'the right key but no expiry',
      (claims: object) => sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: undefined }, TEST_JWT_SECRET),
    ],
  ])('refuses a token forged with %s', async (_, forge) => {
    const user = await signedIn(test, 'focal_point', 'GB');
    const claims = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString());
    const forged = forge({ ...claims, role: 'admin' });
    await test.http.get('/api/v1/users').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('refuses a genuine token whose claims were tampered with', async () => {
    const user = await signedIn(test, 'focal_point', 'GB');
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${b64({ ...claims, role: 'admin' })}.${signature}`;
    await test.http.get('/api/v1/users').set('Authorization', `Bearer ${tampered}`).expect(401);
    await test.http.get('/api/v1/auth/me').set('Authorization', 'Bearer not-a-token').expect(401);
    await test.http.get('/api/v1/auth/me').expect(401);
  });

  it('a token used before still stops working the moment it expires', async () => {
    const user = await signedIn(test, 'focal_point', 'GB');
    const claims = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString());
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const shortLived = sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: expiresAt }, TEST_JWT_SECRET);
    await test.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${shortLived}`).expect(200);
    await test.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${shortLived}`).expect(200);
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
    await test.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${shortLived}`).expect(401);
  });

  it('reads the credential only from a well-formed Bearer header', async () => {
    const user = await signedIn(test, 'focal_point', 'GB');
    await test.http.get('/api/v1/auth/me').set('Authorization', `bearer ${user.token}`).expect(200);
    await test.http.get('/api/v1/auth/me').set('Authorization', `Bearer  ${user.token}`).expect(200);
    for (const header of [`Bearer ${user.token} extra`, `Basic ${user.token}`, user.token, `Bearer`]) {
      await test.http.get('/api/v1/auth/me').set('Authorization', header).expect(401);
    }
  });

  it('signs a user out at once when an admin deactivates them', async () => {
    const admin = await signedIn(test, 'admin');
    const user = await signedIn(test, 'focal_point', 'US');
    const key = await createApiKey(test, user);
    await test.http.get('/api/v1/members').set('Authorization', `Bearer ${key.key}`).expect(200);
    await deactivate(test, admin, user.id, 200);
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
    await test.http.get('/api/v1/members').set('Authorization', `Bearer ${key.key}`).expect(401);
    await test.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await test.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);

    // Reactivation gives the user back, not the old key: it was revoked with the deactivation, and audited.
    const [events] = await test.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_event WHERE action = 'auth.api_key_revoked' AND entity_id = $1`,
      [key.id],
    );
    expect(events.count).toBe(1);
    // So was the end of the user's session, by the admin who deactivated them.
    const ended = await test.dataSource.query(
      `SELECT actor_id, changes FROM audit_event WHERE action = 'auth.sessions_revoked' AND entity_id = $1`,
      [user.id],
    );
    expect(ended).toEqual([{ actor_id: admin.id, changes: { sessionsRevoked: 1 } }]);
    await updateUser(test, admin, user.id, { active: true });
    await test.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
    await test.http.get('/api/v1/members').set('Authorization', `Bearer ${key.key}`).expect(401);
  });

  describe('a write under way when an admin deactivates its user', () => {
    const makeKey = (user: { token: string }) =>
      test.http
        .post('/api/v1/auth/api-keys')
        .set(bearer(user))
        .send({ name: 'made in flight', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })
        .then((answer) => answer);
    const deactivate = async (admin: { token: string }, userId: string) => {
      const current = await test.http.get(`/api/v1/users/${userId}`).set(bearer(admin)).expect(200);
      return test.http
        .patch(`/api/v1/users/${userId}`)
        .set(bearer(admin))
        .set('If-Match', current.headers.etag)
        .send({ active: false })
        .then((answer) => answer);
    };
    const keysOf = async (userId: string) =>
      (await test.dataSource.query('SELECT revoked_at FROM api_key WHERE user_id = $1', [userId])) as {
        revoked_at: Date | null;
      }[];
    let gate: Awaited<ReturnType<typeof closeCommitGate>> | undefined;
    afterEach(() => gate?.open());

    it('finishes first, and the deactivation then revokes what it made', async () => {
      const [admin, user] = [await signedIn(test, 'admin'), await signedIn(test, 'focal_point', 'JP')];
      gate = await closeCommitGate(test);
      const made = makeKey(user);
      await waitForLockWaiters(test, 1); // the key's creation, held at its commit
      const deactivated = deactivate(admin, user.id);
      await waitForLockWaiters(test, 2); // the deactivation, waiting for it
      await gate.open();
      expect([(await made).status, (await deactivated).status]).toEqual([201, 200]);
      expect(await keysOf(user.id)).toEqual([{ revoked_at: expect.any(Date) }]);
      await updateUser(test, admin, user.id, { active: true });
      await test.http
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${(await made).body.key}`)
        .expect(401);
    });

    it('begun after the deactivation, waits for it and is refused (401), having made nothing', async () => {
      const [admin, user] = [await signedIn(test, 'admin'), await signedIn(test, 'focal_point', 'JP')];
      gate = await closeCommitGate(test);
      const deactivated = deactivate(admin, user.id);
      await waitForLockWaiters(test, 1); // the deactivation, held at its commit
      const made = makeKey(user); // its credentials still pass: the deactivation has not committed
      await waitForLockWaiters(test, 2);
      await gate.open();
      expect([(await deactivated).status, (await made).status]).toEqual([200, 401]);
      expect((await made).body.detail).toBe(
        'Your account was changed while this request was under way; sign in again.',
      );
      expect(await keysOf(user.id)).toEqual([]);
    });
  });

  it("revokes a user's API keys when their role or member changes: a key never acts with powers it was not made for", async () => {
    const admin = await signedIn(test, 'admin');
    const user = await signedIn(test, 'focal_point', 'US');
    const key = await createApiKey(test, user);
    await updateUser(test, admin, user.id, { memberCode: 'CA' });
    await test.http.get('/api/v1/members').set('Authorization', `Bearer ${key.key}`).expect(401);
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
    const ended = await test.dataSource.query(
      `SELECT changes FROM audit_event WHERE action = 'auth.sessions_revoked' AND entity_id = $1`,
      [user.id],
    );
    expect(ended).toEqual([{ changes: { sessionsRevoked: 1 } }]);
  });
});
