import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { migrate } from '../../src/database/database.module.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import {
  BENCH_PASSWORD,
  seedAuditEvents,
  seedNotices,
  seedMeetings,
  seedProposals,
  seedUsers,
  type BenchUsers,
} from './seed.js';

export const log = (message: string) => console.error(`[bench] ${message}`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A TCP port free right now, chosen by the system: a fixed one could be taken, even by the local end of one of
 * this machine's own outgoing connections (ephemeral ports span most of the range).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface BenchEnvironment {
  base: string;
  port: number;
  databaseUrl: string;
  dataSource: DataSource;
  users: BenchUsers;
  app: ChildProcess;
  tokens: { focalPoint: string; secretariat: string };
  /** Server resident memory in MB, read from /proc. */
  serverRssMb(): Promise<number>;
  stop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A dedicated, migrated and seeded database (on DATABASE_URL's server, or an embedded one), and the production
 * build serving it as a separate process, with a signed-in focal point (FR) and secretariat user.
 */
export async function startBenchEnvironment(seed: {
  notices: number;
  auditEvents: number;
  proposals?: number;
  meetings?: number;
}): Promise<BenchEnvironment> {
  let stopServer = async () => undefined as void;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    log('DATABASE_URL is not set: starting an embedded PostgreSQL');
    const embedded = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'rrm-bench-')), 54_400, 'postgres');
    serverUrl = embedded.url;
    stopServer = embedded.stop;
  }
  const database = `rrm_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = withDatabase(serverUrl, database);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  await migrate(dataSource);
  log(`seeding ${seed.notices} notices and ${seed.auditEvents} audit events`);
  const users = await seedUsers(dataSource);
  await seedNotices(dataSource, users, 1, seed.notices);
  await seedAuditEvents(dataSource, seed.auditEvents);
  if (seed.proposals) await seedProposals(dataSource, users, seed.proposals);
  if (seed.meetings) await seedMeetings(dataSource, users, seed.meetings);

  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS passes flags such as --cpu-prof to the server alone, for profiling under load.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const app = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      JWT_SECRET: 'benchmark-secret-benchmark-secret-benchmark-secret',
      MFA_REQUIRED: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      LOG_LEVEL: 'error',
      MAIL_WORKER_ENABLED: 'false',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rrm-bench-data-')),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if ((await fetch(`${base}/health/ready`).catch(() => null))?.ok) break;
    if (attempt > 150) throw new Error('the server did not become ready');
    await sleep(200);
  }
  const login = async (email: string) => {
    const response = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: BENCH_PASSWORD }),
    });
    const body = (await response.json()) as { accessToken?: string };
    if (!body.accessToken) throw new Error(`sign-in as ${email} failed: ${response.status}`);
    return body.accessToken;
  };
  const tokens = { focalPoint: await login(users.focalPointEmail), secretariat: await login(users.secretariatEmail) };
  return {
    base,
    port,
    databaseUrl,
    dataSource,
    users,
    app,
    tokens,
    async serverRssMb() {
      const { readFileSync } = await import('node:fs');
      const status = readFileSync(`/proc/${app.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    async stop() {
      app.kill('SIGTERM');
      await new Promise((resolve) => app.once('exit', resolve));
      await dataSource.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      await stopServer();
    },
  };
}
