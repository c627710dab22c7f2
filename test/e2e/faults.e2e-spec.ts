import { connect } from 'node:net';
import { bearer, signedIn } from '../factories/users.js';
import { startTestApp } from '../utils/app.js';
import { createTestDatabase } from '../utils/database.js';
import { freePort, startServerProcess, waitForOk } from '../utils/process.js';
import { TcpProxy } from '../utils/tcp-proxy.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('faults', () => {
  it('answers 503 quickly while the database is down, recovers without a restart, and loses no acknowledged write', async () => {
    const database = await createTestDatabase();
    const target = new URL(database.url);
    const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const test = await startTestApp({}, { url: proxy.wrap(database.url) });
    // Outside the try: a failed expectation must still stop the workers, or they would run (and keep Jest
    // alive) for ever.
    let running = true;
    let workers: Promise<void>[] = [];
    try {
      const admin = await signedIn(test, 'admin');
      const acknowledged: string[] = [];
      const outcomes: { status: number; ms: number; phase: string }[] = [];
      let phase = 'before';
      let counter = 0;
      const worker = async () => {
        while (running) {
          const letter = (n: number) => String.fromCharCode(65 + (Math.floor(n) % 26));
          const code = `Q${letter(counter / 676)}${letter(counter / 26)}${letter(counter)}`;
          counter++;
          const started = Date.now();
          const response = await test.http
            .post('/api/v1/members')
            .set(bearer(admin))
            .send({ code, name: code, kind: 'observer' });
          outcomes.push({ status: response.status, ms: Date.now() - started, phase });
          if (response.status === 201) acknowledged.push(code);
          if (response.status === 503) expect(response.headers['content-type']).toMatch(/problem\+json/);
          await sleep(20);
        }
      };
      workers = [worker(), worker(), worker()];
      await sleep(1_000);
      phase = 'outage';
      await proxy.cut();
      await sleep(4_000);
      const ready = await test.http.get('/health/ready');
      expect(ready.status).toBe(503);
      phase = 'recovery';
      const restoredAt = Date.now();
      await proxy.restore();
      let recovered = false;
      while (Date.now() - restoredAt < 15_000 && !recovered) {
        recovered = (await test.http.get('/health/ready')).status === 200;
        if (!recovered) await sleep(250);
      }
      expect(recovered).toBe(true);
      await sleep(1_000);
      running = false;
      await Promise.all(workers);

      const during = outcomes.filter((outcome) => outcome.phase === 'outage');
      expect(during.length).toBeGreaterThan(0);
      expect(during.filter((outcome) => outcome.status !== 503 && outcome.status !== 201)).toEqual([]);
      expect(Math.max(...during.map((outcome) => outcome.ms))).toBeLessThan(5_000);
      expect(outcomes.filter((outcome) => outcome.phase === 'recovery').map((outcome) => outcome.status)).toContain(
        201,
      );
      expect(outcomes.every((outcome) => outcome.status < 500 || outcome.status === 503)).toBe(true);
      // Every write the client was told succeeded is there.
      const direct = await startTestApp({}, { url: database.url });
      const rows = await direct.dataSource.query('SELECT code FROM member WHERE code = ANY($1)', [acknowledged]);
      expect(rows).toHaveLength(acknowledged.length);
      await direct.app.close();
    } finally {
      running = false;
      await Promise.allSettled(workers);
      await test.app.close();
      await proxy.cut();
      await database.drop();
    }
  });

  it('answers 503 quickly when every database connection is taken', async () => {
    const test = await startTestApp({ DATABASE_POOL_SIZE: '2' });
    try {
      const admin = await signedIn(test, 'admin');
      const holds = [1, 2].map(() => test.dataSource.query('SELECT pg_sleep(8)'));
      await sleep(200);
      const started = Date.now();
      const response = await test.http.get('/api/v1/members').set(bearer(admin));
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(Date.now() - started).toBeLessThan(5_000);
      await Promise.all(holds);
      await test.http.get('/api/v1/members').set(bearer(admin)).expect(200);
    } finally {
      await test.close();
    }
  });

  it('drops clients that send headers too slowly, and finishes requests in flight on SIGTERM', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    const server = startServerProcess(
      {
        DATABASE_URL: database.url,
        JWT_SECRET: 'x'.repeat(40),
        HTTP_HEADERS_TIMEOUT_MS: '1500',
        HTTP_REQUEST_TIMEOUT_MS: '3000',
      },
      port,
    );
    try {
      await waitForOk(`http://127.0.0.1:${port}/health/ready`);
      // A client that never finishes its headers is cut off, and the server keeps answering others.
      const slow = connect(port, '127.0.0.1');
      let answer = '';
      slow.on('data', (chunk) => (answer += chunk));
      slow.write('GET /health HTTP/1.1\r\nHost: x\r\n');
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        slow.on('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
        slow.on('error', () => undefined);
      });
      expect(closed).toBe(true);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

      // A body that never finishes is cut off at the request time limit too.
      const stalled = connect(port, '127.0.0.1');
      let stalledAnswer = '';
      stalled.on('data', (chunk) => (stalledAnswer += chunk));
      stalled.on('error', () => undefined);
      stalled.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
      );
      const cut = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        stalled.on('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      expect(cut).toBe(true);
      expect(stalledAnswer).toMatch(/^HTTP\/1\.1 408/);

      // Requests in flight when SIGTERM arrives still get their answers.
      const inFlight = Array.from({ length: 20 }, () =>
        fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status),
      );
      await sleep(5);
      server.child.kill('SIGTERM');
      const statuses = await Promise.all(inFlight.map((pending) => pending.catch(() => 0)));
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
      expect(statuses.every((status) => status === 200 || status === 0 || status === 503)).toBe(true);
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      await database.drop();
    }
  });
});
