import { createTestDatabase } from '../utils/database.js';
import { freePort, startServerProcess, waitForOk } from '../utils/process.js';

/** The compiled server as an operator runs it. */
describe('start-up', () => {
  let database: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it.each([
    ['PORT', 'eighty'],
    ['JWT_SECRET', 'short'],
    ['DATABASE_URL', 'mysql://localhost/rrm'],
    ['MFA_REQUIRED', 'maybe'],
    ['SMTP_URL', 'http://mail.example.org'],
  ])('refuses to start with a bad %s and names it', async (name, value) => {
    const server = startServerProcess(
      { DATABASE_URL: database.url, JWT_SECRET: 'x'.repeat(40), [name]: value },
      await freePort(),
    );
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`Invalid configuration: ${name}`);
    expect(server.output()).not.toContain(value === 'short' ? 'short ' : '\u0000');
  });

  it('warns on a database without an admin when no first admin is configured', async () => {
    const empty = await createTestDatabase();
    const port = await freePort();
    const server = startServerProcess({ DATABASE_URL: empty.url, JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'warn' }, port);
    try {
      await waitForOk(`http://127.0.0.1:${port}/health/ready`);
      expect(server.output()).toContain('No active admin exists: set ADMIN_EMAIL and ADMIN_PASSWORD');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await empty.drop();
    }
  });

  it('starts on DATABASE_URL, creates the first admin from the environment, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = startServerProcess(
      {
        DATABASE_URL: database.url,
        JWT_SECRET: 'x'.repeat(40),
        ADMIN_EMAIL: 'chief@example.org',
        ADMIN_PASSWORD: 'the first admin passphrase',
      },
      port,
    );
    try {
      await waitForOk(`http://127.0.0.1:${port}/health/ready`);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'chief@example.org', password: 'the first admin passphrase' }),
      });
      expect(login.status).toBe(200);
      expect(server.output()).not.toContain('the first admin passphrase');
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });
});
