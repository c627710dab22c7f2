import { connect } from 'node:net';
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

  it('stops at once when DATABASE_URL names a database that is not there, naming the variable, not its password', async () => {
    const missing = new URL(database.url);
    missing.pathname = '/rrm_no_such_database';
    // A server trusting local connections accepts any password; one that checks them is given its own.
    if (!missing.password) missing.password = 'a-database-password';
    const server = startServerProcess(
      { DATABASE_URL: missing.toString(), JWT_SECRET: 'x'.repeat(40) },
      await freePort(),
    );
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Start-up failed: the database at DATABASE_URL cannot be used');
    expect(server.output()).toContain('rrm_no_such_database');
    expect(server.output()).not.toContain(missing.password);
    // Refused, not unreachable: no waiting through the connection retries.
    expect(server.output()).not.toContain('Retrying');
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

  it('answers what HTTP itself refuses as problem+json with an X-Request-Id', async () => {
    const port = await freePort();
    const server = startServerProcess({ DATABASE_URL: database.url, JWT_SECRET: 'x'.repeat(40) }, port);
    /** Sends `request` as raw bytes and reads the whole answer until the server closes the connection. */
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(request));
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
    try {
      await waitForOk(`http://127.0.0.1:${port}/health`);
      for (const [request, status] of [
        ['GET /health HTTP/1.1\r\nHost: x\r\nA header without a colon\r\n\r\n', 400],
        [`GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`, 431],
      ] as const) {
        const answer = await raw(request);
        const [head, body] = answer.split('\r\n\r\n');
        expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
        expect(head).toMatch(/\r\nContent-Type: application\/problem\+json/);
        const requestId = /\r\nX-Request-Id: ([0-9a-f-]{36})/.exec(head)?.[1];
        expect(JSON.parse(body)).toEqual(
          expect.objectContaining({
            status,
            type: expect.any(String),
            title: expect.any(String),
            instance: `urn:uuid:${requestId}`,
          }),
        );
      }
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });
});
