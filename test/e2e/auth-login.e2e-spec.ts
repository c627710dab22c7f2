import { eventually } from '../factories/proposals.js';
import { bearer, insertUser, PASSWORD, signedIn } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';

describe('sign-in', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(() => test.close());

  it('signs in with email and password and answers tokens and the user, never a hash', async () => {
    const { id, email } = await insertUser(test.dataSource, 'focal_point', 'DE');
    const head = await auditHead(test.dataSource);
    const response = await test.http
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'login-ok-1')
      .send({ email: email.toUpperCase(), password: PASSWORD })
      .expect(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^rrm_rt_/),
      tokenType: 'Bearer',
      expiresIn: 900,
      user: expect.objectContaining({ id, email, role: 'focal_point', memberCode: 'DE', mfaEnabled: false }),
    });
    expect(JSON.stringify(response.body)).not.toMatch(/argon2|password|secret/i);
    const claims = JSON.parse(Buffer.from(response.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toEqual(
      expect.objectContaining({ sub: id, role: 'focal_point', member: 'DE', iss: 'rrm-secretariat', aud: 'rrm-api' }),
    );
    expect(claims.exp - claims.iat).toBe(900);
    const me = await test.http
      .get('/api/v1/auth/me')
      .set(bearer({ token: response.body.accessToken }))
      .expect(200);
    expect(me.body.id).toBe(id);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual(
      expect.objectContaining({
        action: 'auth.login_succeeded',
        actor_id: id,
        entity_id: id,
        request_id: 'login-ok-1',
      }),
    );
  });

  it('fails a sign-in whose password was changed while it was being checked, and starts no session', async () => {
    const { id, email } = await insertUser(test.dataSource, 'focal_point', 'DE');
    const change = test.dataSource.createQueryRunner();
    await change.connect();
    await change.startTransaction();
    try {
      // A password change holds the account's row while it hashes the new password, as the API's own does.
      await change.query('SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE', [id]);
      const login = test.http
        .post('/api/v1/auth/login')
        .send({ email, password: PASSWORD })
        .then((response) => response);
      await eventually(async () => {
        const [waiting] = await test.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()
             AND wait_event_type = 'Lock' AND query LIKE 'UPDATE app_user SET failed_login_count = 0%'`,
        );
        return waiting.n === 1;
      });
      await change.query(`UPDATE app_user SET password_hash = 'replaced' WHERE id = $1`, [id]);
      await change.commitTransaction();
      const head = await auditHead(test.dataSource);
      expect((await login).status).toBe(401);
      const events = await auditEventsSince(test.dataSource, head);
      expect(events.map((event) => [event.action, event.entity_id, event.changes])).toEqual([
        ['auth.login_failed', id, { reason: 'account_changed' }],
      ]);
      const [sessions] = await test.dataSource.query('SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1', [
        id,
      ]);
      expect(sessions.n).toBe(0);
    } finally {
      if (change.isTransactionActive) await change.rollbackTransaction();
      await change.release();
    }
  });

  it('takes a long password whatever its characters, and compares it whole: no truncation', async () => {
    const admin = await signedIn(test, 'admin');
    const password = `${'a'.repeat(199)}b`;
    const created = await test.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email: 'long.password@example.org', displayName: 'Long', role: 'auditor', password })
      .expect(201);
    const login = (attempt: string) =>
      test.http.post('/api/v1/auth/login').send({ email: 'long.password@example.org', password: attempt });
    for (const wrong of ['a'.repeat(200), password.slice(0, 72), password.slice(0, 128), `${password}c`]) {
      await login(wrong).expect(401);
    }
    expect((await login(password).expect(200)).body.user.id).toBe(created.body.id);
  });

  it('answers the same 401 for an unknown email, a wrong password and a deactivated account', async () => {
    const { email } = await insertUser(test.dataSource, 'secretariat');
    const inactive = await insertUser(test.dataSource, 'secretariat', null, { active: false });
    const answers = await Promise.all([
      test.http.post('/api/v1/auth/login').send({ email: 'nobody@example.org', password: PASSWORD }),
      test.http.post('/api/v1/auth/login').send({ email, password: 'not the right password at all' }),
      test.http.post('/api/v1/auth/login').send({ email: inactive.email, password: PASSWORD }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
    }
    const bodies = answers.map((answer) => ({ ...answer.body, instance: undefined }));
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('records each failed sign-in in the audit trail, without the password', async () => {
    const { id, email } = await insertUser(test.dataSource, 'auditor');
    const head = await auditHead(test.dataSource);
    await test.http.post('/api/v1/auth/login').send({ email, password: 'wrong password number one' }).expect(401);
    const events = await auditEventsSince(test.dataSource, head);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual(
      expect.objectContaining({
        action: 'auth.login_failed',
        entity_id: id,
        actor_id: null,
        changes: { reason: 'bad_credentials' },
      }),
    );
    expect(JSON.stringify(events)).not.toContain('wrong password number one');
  });

  it('locks an account for 15 minutes after 10 failures, and the lock survives a restart', async () => {
    const { id, email } = await insertUser(test.dataSource, 'focal_point', 'IT');
    for (let attempt = 0; attempt < 10; attempt++) {
      await test.http
        .post('/api/v1/auth/login')
        .send({ email, password: `wrong password attempt ${attempt}` })
        .expect(401);
    }
    await test.http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(401);
    const [row] = await test.dataSource.query('SELECT locked_until FROM app_user WHERE id = $1', [id]);
    const minutes = (new Date(row.locked_until).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const [locked] = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.account_locked' AND entity_id = $1`,
      [id],
    );
    expect(locked.n).toBe(1);

    // A second app process on the same database: the lock is in the database, not in memory.
    const restarted = await startTestApp({}, { url: test.databaseUrl });
    try {
      await restarted.http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(401);
      await test.dataSource.query(`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE id = $1`, [id]);
      await restarted.http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    } finally {
      await restarted.app.close();
    }
  });

  it('throttles sign-in per IP with 429 and Retry-After', async () => {
    const limited = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const answers = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        answers.push(
          await limited.http.post('/api/v1/auth/login').send({ email: `someone${attempt}@example.org`, password: 'x' }),
        );
      }
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429, 429]);
      expect(Number(answers[3].headers['retry-after'])).toBeGreaterThan(0);
      expect(answers[3].headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await limited.close();
    }
  });

  it('limits other calls per user with 429 and Retry-After', async () => {
    const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const user = await signedIn(limited, 'focal_point', 'JP');
      const statuses = [];
      for (let call = 0; call < 7; call++) {
        statuses.push((await limited.http.get('/api/v1/members').set(bearer(user))).status);
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const other = await signedIn(limited, 'focal_point', 'JP');
      await limited.http.get('/api/v1/members').set(bearer(other)).expect(200);
    } finally {
      await limited.close();
    }
  });

  it('refuses a sign-in body with unknown fields', async () => {
    await test.http.post('/api/v1/auth/login').send({ email: 'a@b.org', password: 'x', admin: true }).expect(400);
  });
});
