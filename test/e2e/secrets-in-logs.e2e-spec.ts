import { createTestDatabase } from '../utils/database.js';
import { freePort, startServerProcess, waitForOk } from '../utils/process.js';

/** Runs the server with the most verbose logs, exercises every secret-bearing call, and reads every line it wrote. */
describe('secrets never reach the logs', () => {
  it('logs no password, token, key or TOTP secret', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const password = 'the-admin-passphrase-for-logs';
    const server = startServerProcess(
      {
        DATABASE_URL: database.url,
        JWT_SECRET: 'log-test-secret-'.padEnd(48, 'z'),
        ADMIN_EMAIL: 'logs@example.org',
        ADMIN_PASSWORD: password,
        LOG_LEVEL: 'trace',
        MAIL_WORKER_ENABLED: 'true',
        DATA_DIR: `/tmp/rrm-logs-${port}`,
      },
      port,
    );
    const base = `http://127.0.0.1:${port}/api/v1`;
    let calls = 0;
    const call = async (path: string, body: unknown, token?: string): Promise<Record<string, string>> => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          // One key per call: a key is for one request (a second sign-in under the same key would be a 422).
          'Idempotency-Key': `key-${path}-${++calls}`,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return response.status === 204 ? {} : ((await response.json()) as Record<string, string>);
    };
    try {
      await waitForOk(`http://127.0.0.1:${port}/health/ready`);
      const login = await call('/auth/login', { email: 'logs@example.org', password });
      const wrong = await call('/auth/login', { email: 'logs@example.org', password: 'a-wrong-secret-guess-1234' });
      expect(Number(wrong.status)).toBe(401);
      const key = await call(
        '/auth/api-keys',
        { name: 'k', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
        login.accessToken,
      );
      const mfa = await call('/auth/mfa/setup', {}, login.accessToken);
      const refreshed = await call('/auth/refresh', { refreshToken: login.refreshToken });
      await call('/users', { email: 'new@example.org', displayName: 'N', role: 'secretariat' }, refreshed.accessToken);
      await call(
        '/auth/password',
        { currentPassword: password, newPassword: 'the-next-admin-passphrase' },
        refreshed.accessToken,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const output = server.output();
      expect(output).toContain('"statusCode":201');
      for (const secret of [
        password,
        'a-wrong-secret-guess-1234',
        'the-next-admin-passphrase',
        login.accessToken,
        login.refreshToken,
        refreshed.refreshToken,
        key.key,
        mfa.secret,
        'log-test-secret-',
      ]) {
        expect(typeof secret).toBe('string');
        expect(output).not.toContain(secret);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await database.drop();
    }
  });
});
