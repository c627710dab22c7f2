import { bearer, deactivate, insertUser, signedIn, updateUser, type TestUser } from '../factories/users.js';
import { auditEventsSince, auditHead } from '../utils/audit.js';
import { startTestApp, type TestApp } from '../utils/app.js';
import { mailQueuedFor, passwordLinkTokenFor, queuedMailTo } from '../utils/mail.js';
import { setMemberActive } from '../factories/members.js';
import { closeCommitGate, waitForLockWaiters } from '../utils/commit-gate.js';
import { walkPages } from '../utils/pages.js';

describe('users', () => {
  let test: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    test = await startTestApp();
    admin = await signedIn(test, 'admin');
  });
  afterAll(() => test.close());

  const create = (body: Record<string, unknown>) => test.http.post('/api/v1/users').set(bearer(admin)).send(body);

  it.each([
    [{ role: 'focal_point', memberCode: 'FR' }, 201],
    [{ role: 'focal_point', memberCode: 'AU' }, 400], // AU is an observer
    [{ role: 'focal_point' }, 400],
    [{ role: 'observer', memberCode: 'NATO' }, 201],
    [{ role: 'observer', memberCode: 'DE' }, 400], // DE is a member
    [{ role: 'secretariat' }, 201],
    [{ role: 'secretariat', memberCode: 'CA' }, 400],
    [{ role: 'auditor', memberCode: 'US' }, 400],
    [{ role: 'focal_point', memberCode: 'XX' }, 400],
    [{ role: 'superuser' }, 400],
  ])('applies the role/member rule to %j → %i', async (fields, status) => {
    const email = `rule.${Math.random().toString(36).slice(2)}@example.org`;
    const response = await create({
      email,
      displayName: 'Someone',
      password: 'a fine long passphrase here',
      ...fields,
    });
    expect(response.status).toBe(status);
    const [row] = await test.dataSource.query('SELECT count(*)::int AS n FROM app_user WHERE email = $1', [email]);
    expect(row.n).toBe(status === 201 ? 1 : 0);
    if (status === 400) expect(response.body.errors[0].field).toMatch(/memberCode|role/);
  });

  it('creates a user with an audit event and never shows a password or hash', async () => {
    const head = await auditHead(test.dataSource);
    const response = await create({
      email: 'Ana.Silva@Example.org',
      displayName: 'Ana Silva',
      role: 'focal_point',
      memberCode: 'EU',
      preferredLanguage: 'fr',
      password: 'a fine long passphrase here',
    }).expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      email: 'ana.silva@example.org',
      displayName: 'Ana Silva',
      role: 'focal_point',
      memberCode: 'EU',
      active: true,
      preferredLanguage: 'fr',
      mfaEnabled: false,
      version: 1,
      createdAt: expect.any(String),
    });
    const events = await auditEventsSince(test.dataSource, head);
    expect(events).toEqual([
      expect.objectContaining({ action: 'user.created', actor_id: admin.id, entity_id: response.body.id }),
    ]);
    expect(JSON.stringify(events)).not.toMatch(/passphrase|argon/);
    await create({ email: 'ana.silva@example.org', displayName: 'Twin', role: 'secretariat' }).expect(409);
  });

  it('refuses weak passwords at creation', async () => {
    const response = await create({
      email: 'weak@example.org',
      displayName: 'W',
      role: 'secretariat',
      password: 'password',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('invites a user without a password with a single-use set-password link in their language', async () => {
    const created = await create({
      email: 'invitee@example.org',
      displayName: 'Camille',
      role: 'observer',
      memberCode: 'NL',
      preferredLanguage: 'fr',
    }).expect(201);
    const [mail] = await queuedMailTo(test.dataSource, 'invitee@example.org');
    expect(mail.subject).toMatch(/^Invitation/);
    expect(mail.text_body).toContain('Bonjour Camille');
    const token = await passwordLinkTokenFor(test.dataSource, 'invitee@example.org');
    const [stored] = await test.dataSource.query('SELECT token_hash FROM password_token WHERE user_id = $1', [
      created.body.id,
    ]);
    expect(stored.token_hash).not.toBe(token);

    await test.http.post('/api/v1/auth/set-password').send({ token, password: 'short' }).expect(400);
    const head = await auditHead(test.dataSource);
    await test.http.post('/api/v1/auth/set-password').send({ token, password: 'my own long passphrase' }).expect(204);
    expect((await auditEventsSince(test.dataSource, head)).map((event) => event.action)).toEqual(['auth.password_set']);
    await test.http.post('/api/v1/auth/set-password').send({ token, password: 'another long passphrase' }).expect(400);
    await test.http
      .post('/api/v1/auth/login')
      .send({ email: 'invitee@example.org', password: 'my own long passphrase' })
      .expect(200);
  });

  it('answers 202 to forgotten passwords whether or not the account exists, and mails a reset link', async () => {
    await test.http.post('/api/v1/auth/forgot-password').send({ email: 'nobody-here@example.org' }).expect(202);
    const user = await signedIn(test, 'auditor');
    await test.http.post('/api/v1/auth/forgot-password').send({ email: user.email }).expect(202);
    expect(await queuedMailTo(test.dataSource, 'nobody-here@example.org')).toEqual([]);
    const token = await passwordLinkTokenFor(test.dataSource, user.email);
    await test.http.post('/api/v1/auth/set-password').send({ token, password: 'a brand new passphrase' }).expect(204);
    // Setting a password ends the sessions opened with the old one.
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
  });

  it('voids the set-password link of a user it deactivates: reactivated, they ask for a new one', async () => {
    const created = await test.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email: 'invited.then.deactivated@example.org', displayName: 'Invited', role: 'auditor' })
      .expect(201);
    const token = await passwordLinkTokenFor(test.dataSource, created.body.email);
    await deactivate(test, admin, created.body.id, 200);
    await updateUser(test, admin, created.body.id, { active: true });
    const refused = await test.http
      .post('/api/v1/auth/set-password')
      .send({ token, password: 'a passphrase chosen too late' })
      .expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
  });

  it('leaves one usable link when several resets are asked for at the same moment: each voids the one before', async () => {
    const user = await signedIn(test, 'observer', 'AU');
    const gate = await closeCommitGate(test);
    try {
      for (let i = 0; i < 6; i++) {
        await test.http.post('/api/v1/auth/forgot-password').send({ email: user.email }).expect(202);
      }
      await waitForLockWaiters(test, 6); // one at its commit, the others behind it (or all at their commits)
    } finally {
      await gate.open();
    }
    const links = async () =>
      (await test.dataSource.query('SELECT used_at FROM password_token WHERE user_id = $1', [user.id])) as {
        used_at: Date | null;
      }[];
    for (let attempt = 0; attempt < 100 && (await links()).length < 6; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const written = await links();
    expect(written).toHaveLength(6);
    expect(written.filter((link) => link.used_at === null)).toHaveLength(1);
  });

  it('writes every reset link of a burst far larger than the connection pool', async () => {
    // A database of its own: the burst's 120 accounts would change what the other tests list.
    const burst = await startTestApp();
    try {
      const people = await Promise.all(
        Array.from({ length: 120 }, (_, index) =>
          insertUser(burst.dataSource, 'focal_point', 'IT', { email: `burst${index}@example.org` }),
        ),
      );
      const answers = await Promise.all(
        people.map((person) => burst.http.post('/api/v1/auth/forgot-password').send({ email: person.email })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(people.map(() => 202));
      for (const person of people) await passwordLinkTokenFor(burst.dataSource, person.email);
    } finally {
      await burst.close();
    }
  });

  it('writes a reset link asked for just before the server stops (the answer does not wait for it)', async () => {
    const user = await signedIn(test, 'observer', 'NZ');
    const stopping = await startTestApp({}, { url: test.databaseUrl });
    await stopping.http.post('/api/v1/auth/forgot-password').send({ email: user.email }).expect(202);
    await stopping.close();
    const [link] = await test.dataSource.query(
      `SELECT purpose FROM password_token WHERE user_id = $1 AND used_at IS NULL`,
      [user.id],
    );
    expect(link).toEqual({ purpose: 'reset' });
    expect(await queuedMailTo(test.dataSource, user.email)).toHaveLength(1);
  });

  it('serves the page the mailed set-password link opens, whose script sends the token to the API', async () => {
    const user = await signedIn(test, 'observer', 'SE');
    await test.http.post('/api/v1/auth/forgot-password').send({ email: user.email }).expect(202);
    const [mail] = await mailQueuedFor(test.dataSource, user.email);
    const link = new URL(/https?:\/\/\S+set-password\?token=\S+/.exec(mail.text_body)![0]);
    const page = await test.http.get(`${link.pathname}${link.search}`).expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<form id="set-password"');
    expect(page.text).toContain('<script src="/set-password.js"></script>');
    const script = await test.http.get('/set-password.js').expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain("fetch('/api/v1/auth/set-password'");
    expect(script.text).toContain("get('token')");
    await test.http.get('/set-password.css').expect(200).expect('Content-Type', 'text/css; charset=utf-8');
  });

  it('needs If-Match on PATCH: 428 without, 412 when stale, and changes nothing then', async () => {
    const user = await signedIn(test, 'focal_point', 'IT');
    await test.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ displayName: 'Renamed' }).expect(428);
    const current = await test.http.get(`/api/v1/users/${user.id}`).set(bearer(admin)).expect(200);
    expect(current.headers.etag).toBe('"1"');
    await test.http
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(admin))
      .set('If-Match', '"7"')
      .send({ displayName: 'Renamed' })
      .expect(412);
    const head = await auditHead(test.dataSource);
    const renamed = await test.http
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(admin))
      .set('If-Match', current.headers.etag)
      .send({ displayName: 'Renamed' })
      .expect(200);
    expect(renamed.body).toEqual(expect.objectContaining({ displayName: 'Renamed', version: 2 }));
    expect(renamed.headers.etag).toBe('"2"');
    const events = await auditEventsSince(test.dataSource, head);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'user.updated',
        entity_id: user.id,
        changes: { displayName: { from: expect.any(String), to: 'Renamed' } },
      }),
    ]);
    await test.http
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(admin))
      .set('If-Match', current.headers.etag)
      .send({ displayName: 'Again' })
      .expect(412);
  });

  it('lets users change their own name and language with If-Match', async () => {
    const user = await signedIn(test, 'focal_point', 'JP');
    const me = await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
    await test.http.patch('/api/v1/auth/me').set(bearer(user)).send({ preferredLanguage: 'fr' }).expect(428);
    const updated = await test.http
      .patch('/api/v1/auth/me')
      .set(bearer(user))
      .set('If-Match', me.headers.etag)
      .send({ preferredLanguage: 'fr', displayName: 'Kenji' })
      .expect(200);
    expect(updated.body).toEqual(expect.objectContaining({ preferredLanguage: 'fr', displayName: 'Kenji' }));
    await test.http
      .patch('/api/v1/auth/me')
      .set(bearer(user))
      .set('If-Match', updated.headers.etag)
      .send({ role: 'admin' })
      .expect(400);
    // A name and a language cannot be emptied: null is refused, naming the field, and nothing changes.
    for (const field of ['displayName', 'preferredLanguage']) {
      const refused = await test.http
        .patch('/api/v1/auth/me')
        .set(bearer(user))
        .set('If-Match', updated.headers.etag)
        .send({ [field]: null })
        .expect(400);
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    // A name is one line: emails greet with it and invitations carry it.
    const twoLines = await test.http
      .patch('/api/v1/auth/me')
      .set(bearer(user))
      .set('If-Match', updated.headers.etag)
      .send({ displayName: 'Kenji\r\nBcc: someone@example.org' })
      .expect(400);
    expect(twoLines.body.errors).toEqual([
      { field: 'displayName', message: 'displayName must be one line, without line breaks or control characters' },
    ]);
    const after = await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
    expect(after.headers.etag).toBe(updated.headers.etag);
  });

  it('never deactivates the last active admin', async () => {
    const lonely = await startTestApp();
    try {
      const onlyAdmin = await signedIn(lonely, 'admin');
      await deactivate(lonely, onlyAdmin, onlyAdmin.id, 409);
    } finally {
      await lonely.close();
    }
  });

  it('gives no access back through a member that is no longer active: reactivating its focal point is a 400', async () => {
    await test.http
      .post('/api/v1/members')
      .set(bearer(admin))
      .send({ code: 'LU', name: 'Luxembourg', kind: 'member' })
      .expect(201);
    const focalPoint = await signedIn(test, 'focal_point', 'LU');
    await deactivate(test, admin, focalPoint.id, 200);
    await setMemberActive(test, admin, 'LU', false);
    const stored = await test.http.get(`/api/v1/users/${focalPoint.id}`).set(bearer(admin)).expect(200);
    const refused = await test.http
      .patch(`/api/v1/users/${focalPoint.id}`)
      .set(bearer(admin))
      .set('If-Match', stored.headers.etag)
      .send({ active: true })
      .expect(400);
    expect(refused.body.errors).toEqual([{ field: 'memberCode', message: 'LU is not active' }]);
    const after = await test.http.get(`/api/v1/users/${focalPoint.id}`).set(bearer(admin)).expect(200);
    expect([after.body.active, after.headers.etag]).toEqual([false, stored.headers.etag]);
    // Renaming the inactive user is still possible: only giving access back is refused.
    await test.http
      .patch(`/api/v1/users/${focalPoint.id}`)
      .set(bearer(admin))
      .set('If-Match', stored.headers.etag)
      .send({ displayName: 'Former focal point of Luxembourg' })
      .expect(200);
  });

  it('leaves one active admin when the last two remove each other at the same moment', async () => {
    for (const change of [{ active: false }, { role: 'auditor' }]) {
      const pair = await startTestApp();
      let gate: Awaited<ReturnType<typeof closeCommitGate>> | undefined;
      try {
        const [first, second] = [await signedIn(pair, 'admin'), await signedIn(pair, 'admin')];
        const versions = await Promise.all(
          [first, second].map((admin) => pair.http.get(`/api/v1/users/${admin.id}`).set(bearer(admin)).expect(200)),
        );
        // Both requests overlap: without turns, each would pass its check and wait at its commit, still counting
        // two admins. With them, one is refused (409): it found the other's change done, or PostgreSQL found the
        // two waiting on each other.
        gate = await closeCommitGate(pair);
        const answers = Promise.all(
          [
            { actor: first, target: second, etag: versions[1].headers.etag },
            { actor: second, target: first, etag: versions[0].headers.etag },
          ].map(({ actor, target, etag }) =>
            pair.http.patch(`/api/v1/users/${target.id}`).set(bearer(actor)).set('If-Match', etag).send(change),
          ),
        );
        await waitForLockWaiters(pair, 2);
        await gate.open();
        expect((await answers).map((answer) => answer.status).sort()).toEqual([200, 409]);
        const [admins] = await pair.dataSource.query(
          `SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active`,
        );
        expect(admins.n).toBe(1);
      } finally {
        await gate?.open();
        await pair.close();
      }
    }
  });

  it('lists users with filters and cursor pagination', async () => {
    const page = await test.http.get('/api/v1/users?role=focal_point&limit=2').set(bearer(admin)).expect(200);
    expect(page.body.data.length).toBeLessThanOrEqual(2);
    expect(page.body.data.every((user: { role: string }) => user.role === 'focal_point')).toBe(true);
    const someone = await signedIn(test, 'observer', 'NZ');
    const byEmail = await test.http
      .get(`/api/v1/users?email=${encodeURIComponent(someone.email.toUpperCase())}`)
      .set(bearer(admin))
      .expect(200);
    expect(byEmail.body).toEqual({ data: [expect.objectContaining({ id: someone.id })], nextCursor: null });
    const nobody = await test.http.get('/api/v1/users?email=nobody%40example.org').set(bearer(admin)).expect(200);
    expect(nobody.body.data).toEqual([]);
    await test.http.get('/api/v1/users?email=').set(bearer(admin)).expect(400);
    await test.http.get('/api/v1/users/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404);
    await test.http.get('/api/v1/users/not-a-uuid').set(bearer(admin)).expect(404);
  });

  it('walks every user exactly once, page after page, in the order of a single page', async () => {
    const everyone = await test.http.get('/api/v1/users?limit=100').set(bearer(admin)).expect(200);
    const walked = (await walkPages<{ id: string }>(test, admin, '/api/v1/users', { limit: 2 })).map((user) => user.id);
    expect(walked).toEqual(everyone.body.data.map((user: { id: string }) => user.id));
    expect(walked.length).toBeGreaterThan(4);
  });
});
