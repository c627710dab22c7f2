import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/common/canonical-json.js';
import { bearer, PASSWORD, signedIn, insertUser, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { mailQueuedFor } from '../utils/mail.js';

/**
 * Calls whose request or answer holds a secret are idempotent like every POST (a client retrying after a lost
 * answer must not end its session or mint a second key), and the idempotency table keeps none of the secrets.
 */
describe('auth: idempotent retries of calls that carry secrets', () => {
  let test: TestApp;
  let fr: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    fr = await signedIn(test, 'focal_point', 'FR');
  });
  afterAll(() => test.close());

  /** Every stored record's fingerprint and answer, as text. */
  const storedRecords = async () =>
    JSON.stringify(await test.dataSource.query('SELECT request_hash, response_body::text FROM idempotency_record'));

  it('replays a refresh: the retry gets the same new tokens, and the session lives on', async () => {
    const user = await signedIn(test, 'focal_point', 'DE');
    const refresh = () =>
      test.http
        .post('/api/v1/auth/refresh')
        .set('Idempotency-Key', 'refresh-1')
        .send({ refreshToken: user.refreshToken });
    const first = await refresh().expect(200);
    const retry = await refresh().expect(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    // Without the key, the same rotated token is a reuse, and ends the session as before.
    await test.http
      .get('/api/v1/auth/me')
      .set(bearer({ token: first.body.accessToken }))
      .expect(200);
    const next = await test.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);
    expect(await storedRecords()).not.toContain(first.body.refreshToken);
    expect(await storedRecords()).not.toContain(first.body.accessToken);
    expect(next.body.refreshToken).not.toBe(first.body.refreshToken);
  });

  it('replays a sign-in with the same tokens, keeps neither them nor the password, and lets no key test guesses', async () => {
    const { email } = await insertUser(test.dataSource, 'focal_point', 'IT');
    const login = (password = PASSWORD) =>
      test.http.post('/api/v1/auth/login').set('Idempotency-Key', `login-${email}`).send({ email, password });
    const first = await login().expect(200);
    const retry = await login().expect(200);
    expect([retry.headers['idempotent-replayed'], retry.text]).toEqual(['true', first.text]);
    const sessions = await test.dataSource.query(
      'SELECT count(*)::int AS n FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1',
      [email],
    );
    expect(sessions).toEqual([{ n: 1 }]);
    // Another password under the same key is a sign-in of its own, not a 422: a key must not let anyone test
    // guesses past the throttle, the lockout and the audit trail.
    const head = await auditHead(test.dataSource);
    await login('a wrong guess at the passphrase').expect(401);
    expect((await auditEventsSince(test.dataSource, head)).map((event) => event.action)).toEqual(['auth.login_failed']);
    const [counted] = await test.dataSource.query('SELECT failed_login_count AS n FROM app_user WHERE email = $1', [
      email,
    ]);
    expect(counted.n).toBe(1);
    // The first answer is still the one a retry of the first request gets.
    expect((await login().expect(200)).text).toBe(first.text);
    const stored = await storedRecords();
    for (const secret of [first.body.accessToken, first.body.refreshToken, PASSWORD]) {
      expect(stored).not.toContain(secret);
    }
  });

  it('mints one API key for a retried creation, and refuses the key for another body (422)', async () => {
    const create = (name: string) =>
      test.http
        .post('/api/v1/auth/api-keys')
        .set(bearer(fr))
        .set('Idempotency-Key', 'key-1')
        .send({ name, expiresAt: '2027-06-30T00:00:00Z' });
    const first = await create('integration').expect(201);
    const retry = await create('integration').expect(201);
    expect([retry.headers['idempotent-replayed'], retry.text]).toEqual(['true', first.text]);
    await create('other').expect(422);
    const keys = await test.http.get('/api/v1/auth/api-keys').set(bearer(fr)).expect(200);
    expect(keys.body.data.map((key: { id: string }) => key.id)).toEqual([first.body.id]);
    // The replayed key is the one that works; the table does not hold it.
    await test.http
      .get('/api/v1/auth/me')
      .set(bearer({ token: retry.body.key }))
      .expect(200);
    expect(await storedRecords()).not.toContain(first.body.key);
  });

  it('sends one reset mail for a retried forgotten-password request', async () => {
    const { email } = await insertUser(test.dataSource, 'observer', 'NZ');
    for (let i = 0; i < 2; i++) {
      await test.http
        .post('/api/v1/auth/forgot-password')
        .set('Idempotency-Key', `forgot-${email}`)
        .send({ email })
        .expect(202);
    }
    expect(await mailQueuedFor(test.dataSource, email)).toHaveLength(1);
    // Another address under the same key is a request of its own: 202 like any other, so the key tells nothing.
    const other = await insertUser(test.dataSource, 'observer', 'SE');
    await test.http
      .post('/api/v1/auth/forgot-password')
      .set('Idempotency-Key', `forgot-${email}`)
      .send({ email: other.email })
      .expect(202);
    expect(await mailQueuedFor(test.dataSource, other.email)).toHaveLength(1);
  });

  it('replays an MFA setup with the same secret, kept sealed', async () => {
    const user = await signedIn(test, 'focal_point', 'JP');
    const setup = () => test.http.post('/api/v1/auth/mfa/setup').set(bearer(user)).set('Idempotency-Key', 'mfa-1');
    const first = await setup().expect(200);
    const retry = await setup().expect(200);
    expect([retry.headers['idempotent-replayed'], retry.body.secret]).toEqual(['true', first.body.secret]);
    expect(await storedRecords()).not.toContain(first.body.secret);
  });

  it('keeps no plain hash of a request that carries a password: a user created with one, a password change', async () => {
    const admin = await signedIn(test, 'admin');
    const user = await signedIn(test, 'focal_point', 'GB');
    const created = {
      email: 'new.focal.point@example.org',
      displayName: 'New Focal Point',
      role: 'focal_point',
      memberCode: 'GB',
      password: 'a brand new passphrase for GB',
    };
    const changed = { currentPassword: PASSWORD, newPassword: 'another long passphrase for GB' };
    await test.http.post('/api/v1/users').set(bearer(admin)).set('Idempotency-Key', 'user-1').send(created).expect(201);
    await test.http
      .post('/api/v1/auth/password')
      .set(bearer(user))
      .set('Idempotency-Key', 'password-1')
      .send(changed)
      .expect(204);
    const plainHash = (path: string, body: unknown) =>
      createHash('sha256')
        .update(`POST ${path}\n${canonicalJson(body)}`)
        .digest('hex');
    const [userRecord, passwordRecord] = await test.dataSource.query(
      `SELECT request_hash FROM idempotency_record WHERE key IN ('user-1', 'password-1') ORDER BY key DESC`,
    );
    expect(userRecord.request_hash).not.toBe(plainHash('/api/v1/users', created));
    expect(passwordRecord.request_hash).not.toBe(plainHash('/api/v1/auth/password', changed));
    // Still one request each: the retry is replayed, not run again.
    const retry = await test.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Idempotency-Key', 'user-1')
      .send(created)
      .expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });
});
