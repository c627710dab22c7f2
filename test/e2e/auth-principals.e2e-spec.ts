import type { Socket } from 'node:net';
import { PrincipalCache } from '../../src/auth/principal-cache.js';
import { bearer, deactivate, enableMfa, signedIn } from '../factories/users.js';
import { startTestApp, type TestApp } from '../utils/app.js';

/**
 * A server keeps signed-in callers in memory between requests; these tests prove a change made elsewhere (by
 * another server process on the same database, or straight in the database) still cuts a caller off.
 */
describe('signed-in callers kept in memory', () => {
  let test: TestApp;
  let other: TestApp; // a second server process on the same database

  beforeAll(async () => {
    test = await startTestApp();
    other = await startTestApp({}, { url: test.databaseUrl });
  });
  afterAll(async () => {
    await other.close();
    await test.close();
  });

  /** Waits for the request to be answered with `status`; notifications take a moment to arrive. */
  async function eventually(send: () => Promise<{ status: number }>, status: number): Promise<void> {
    const deadline = Date.now() + 3_000;
    for (;;) {
      if ((await send()).status === status) return;
      if (Date.now() > deadline) throw new Error(`still not ${status} after 3 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Holds back what the database says to this server, so only its own bookkeeping can update what it keeps. */
  async function deaf<T>(server: TestApp, work: () => Promise<T>): Promise<T> {
    const cache = server.app.get(PrincipalCache) as unknown as { listener: { connection: { stream: Socket } } };
    const socket = cache.listener.connection.stream;
    socket.pause();
    try {
      return await work();
    } finally {
      socket.resume();
    }
  }

  it('the server that ends a session refuses it on the very next request, before any notification arrives', async () => {
    const user = await signedIn(test, 'focal_point', 'US');
    const other = await signedIn(test, 'observer', 'AU');
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
    await test.http.get('/api/v1/auth/me').set(bearer(other)).expect(200);
    await deaf(test, async () => {
      await test.http.post('/api/v1/auth/logout-all').set(bearer(user)).expect(204);
      await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
      await test.http
        .post('/api/v1/auth/logout')
        .set(bearer(other))
        .send({ refreshToken: other.refreshToken })
        .expect(204);
      await test.http.get('/api/v1/auth/me').set(bearer(other)).expect(401);
    });
  });

  it('enabling MFA counts on the very next request of the server that did it', async () => {
    const strict = await startTestApp({ MFA_REQUIRED: 'true' });
    try {
      const admin = await signedIn(strict, 'admin');
      await strict.http.get('/api/v1/users').set(bearer(admin)).expect(403);
      await deaf(strict, async () => {
        await enableMfa(strict, admin);
        await strict.http.get('/api/v1/users').set(bearer(admin)).expect(200);
      });
    } finally {
      await strict.close();
    }
  });

  it('a logout on one server ends the session on every server', async () => {
    const user = await signedIn(test, 'focal_point', 'FR');
    await other.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
    await test.http.post('/api/v1/auth/logout').set(bearer(user)).send({ refreshToken: user.refreshToken }).expect(204);
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(401);
    await eventually(() => other.http.get('/api/v1/auth/me').set(bearer(user)), 401);
  });

  it('an admin deactivating a user on one server cuts them off on every server', async () => {
    const admin = await signedIn(test, 'admin');
    const user = await signedIn(test, 'observer', 'NZ');
    await other.http.get('/api/v1/members').set(bearer(user)).expect(200);
    await deactivate(test, admin, user.id, 200);
    await eventually(() => other.http.get('/api/v1/members').set(bearer(user)), 401);
  });

  it('a change made straight in the database takes effect', async () => {
    const revoked = await signedIn(test, 'focal_point', 'DE');
    const deactivated = await signedIn(test, 'focal_point', 'IT');
    const promoted = await signedIn(test, 'focal_point', 'JP');
    for (const user of [revoked, deactivated, promoted]) {
      await test.http.get('/api/v1/members').set(bearer(user)).expect(200);
    }
    await test.http.post('/api/v1/members').set(bearer(promoted)).send({}).expect(403);

    await test.dataSource.query('UPDATE auth_session SET revoked_at = now() WHERE user_id = $1', [revoked.id]);
    await test.dataSource.query('UPDATE app_user SET active = false WHERE id = $1', [deactivated.id]);
    await test.dataSource.query(`UPDATE app_user SET role = 'admin', member_code = NULL WHERE id = $1`, [promoted.id]);

    await eventually(() => test.http.get('/api/v1/members').set(bearer(revoked)), 401);
    await eventually(() => test.http.get('/api/v1/members').set(bearer(deactivated)), 401);
    // The new role holds at once, without signing in again: an admin may create members (400: empty body).
    await eventually(() => test.http.post('/api/v1/members').set(bearer(promoted)).send({}), 400);
  });

  it('a change made while the server was not listening for changes still takes effect', async () => {
    const user = await signedIn(test, 'focal_point', 'GB');
    await test.http.get('/api/v1/auth/me').set(bearer(user)).expect(200);
    // The server's listening connection drops; the change that follows is never announced to it.
    await test.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'rrm-secretariat-principals' AND datname = current_database()`,
    );
    await test.dataSource.query('UPDATE auth_session SET revoked_at = now() WHERE user_id = $1', [user.id]);
    await eventually(() => test.http.get('/api/v1/auth/me').set(bearer(user)), 401);

    // Once it listens again (within seconds), changes are heard as before.
    await eventually(async () => ({ status: (await listeners()).length }), 2);
    const later = await signedIn(test, 'focal_point', 'CA');
    await test.http.get('/api/v1/auth/me').set(bearer(later)).expect(200);
    await other.dataSource.query('UPDATE auth_session SET revoked_at = now() WHERE user_id = $1', [later.id]);
    await eventually(() => test.http.get('/api/v1/auth/me').set(bearer(later)), 401);
  });

  /** The listening connections on the test database: one per server. */
  function listeners(): Promise<unknown[]> {
    return test.dataSource.query(
      `SELECT pid FROM pg_stat_activity
       WHERE application_name = 'rrm-secretariat-principals' AND datname = current_database() AND state IS NOT NULL`,
    );
  }
});
