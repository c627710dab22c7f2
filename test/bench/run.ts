/**
 * `npm run bench [-- --smoke] [--notices N] [--audit-events N] [--seconds S] [--out file.json]`
 * Seeds a dedicated database, starts the production build and a bare floor server beside it, drives both with
 * autocannon and prints one table (also written as JSON with --out). See docs/performance.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { migrate } from '../../src/database/database.module.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { startFloor } from './floor.js';
import { measure, type ScenarioResult } from './load.js';
import { BENCH_PASSWORD, seedAuditEvents, seedNotices, seedUsers } from './seed.js';
import { extraScenarios } from './scenarios.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const smoke = args.includes('--smoke');
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1] : null;
const notices = option('notices', smoke ? 300 : 100_000);
const auditEvents = option('audit-events', smoke ? 2_000 : 1_000_000);
const seconds = option('seconds', smoke ? 1 : 10);
const load = { connections: smoke ? 4 : 32, warmupSeconds: smoke ? 0 : 3, seconds };
const growthBase = Math.min(10_000, Math.floor(notices / 10));

const log = (message: string) => console.error(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serverUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  log('DATABASE_URL is not set: starting an embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'rrm-bench-')), 54_400, 'postgres');
  return { url: embedded.url, stop: embedded.stop };
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function main(): Promise<void> {
  const server = await serverUrl();
  const database = `rrm_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(server.url, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = withDatabase(server.url, database);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  const results: ScenarioResult[] = [];
  const growth: Record<string, number> = {};
  let app: ReturnType<typeof spawn> | null = null;
  let floor: Awaited<ReturnType<typeof startFloor>> | null = null;
  try {
    await migrate(dataSource);
    log(`seeding ${growthBase} notices, ${auditEvents} audit events`);
    const users = await seedUsers(dataSource);
    await seedNotices(dataSource, users, 1, growthBase);
    await seedAuditEvents(dataSource, auditEvents);

    const port = 39_000 + (process.pid % 1000);
    app = spawn(process.execPath, ['dist/src/main.js'], {
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
      if (attempt > 100) throw new Error('the server did not become ready');
      await sleep(200);
    }
    const login = async (email: string) => {
      const response = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: BENCH_PASSWORD }),
      });
      const body = (await response.json()) as { accessToken?: string };
      if (!body.accessToken) throw new Error(`sign-in as ${email} failed: ${response.status} ${JSON.stringify(body)}`);
      return body.accessToken;
    };
    const focalPoint = await login(users.focalPointEmail);
    const secretariat = await login(users.secretariatEmail);
    const floorPort = port + 1;
    floor = await startFloor(databaseUrl, floorPort, { member: 'FR', kind: 'member' });
    const list = { name: 'list notices (focal point)', url: base, token: focalPoint, path: '/api/v1/notices' };
    const search = {
      name: 'full-text search',
      url: base,
      token: focalPoint,
      path: '/api/v1/notices?q=election%20campaign',
    };
    const short = {
      ...load,
      warmupSeconds: Math.min(1, load.warmupSeconds),
      seconds: Math.max(1, Math.round(seconds / 2)),
    };

    log(`growth: list and search at ${growthBase} notices`);
    growth[`list p99 at ${growthBase}`] = (await measure(list, short)).p99;
    growth[`search p99 at ${growthBase}`] = (await measure(search, short)).p99;
    log(`seeding up to ${notices} notices`);
    await seedNotices(dataSource, users, growthBase + 1, notices);
    growth[`list p99 at ${notices}`] = (await measure(list, short)).p99;
    growth[`search p99 at ${notices}`] = (await measure(search, short)).p99;

    const [visible] = await dataSource.query(
      `SELECT id FROM notice WHERE status = 'shared' AND audience_scope = 'all' AND tlp <> 'RED' ORDER BY created_at DESC LIMIT 1`,
    );
    const scenarios = [
      list,
      search,
      { name: 'get one notice', url: base, token: focalPoint, path: `/api/v1/notices/${visible.id}` },
      {
        name: 'create + share a notice (2 requests)',
        url: base,
        token: secretariat,
        requests: [
          {
            method: 'POST' as const,
            path: '/api/v1/notices',
            body: JSON.stringify({
              title: 'Benchmark notice',
              summary: 'Coordinated inauthentic posting observed.',
              category: 'disinformation_media',
              tlp: 'GREEN',
              audience: { scope: 'all' },
            }),
            onResponse: (status: number, body: string, context: Record<string, string>) => {
              if (status === 201) context.id = JSON.parse(body).id;
            },
          },
          {
            method: 'POST' as const,
            setupRequest: (request: Record<string, unknown>, context: Record<string, string>) => ({
              ...request,
              path: `/api/v1/notices/${context.id}/share`,
            }),
          },
        ],
      },
      ...(await extraScenarios(dataSource, base, { focalPoint, secretariat })),
      { name: 'floor: list notices (node:http + pg)', url: `http://127.0.0.1:${floorPort}`, path: '/' },
    ];
    for (const scenario of scenarios) {
      log(`measuring: ${scenario.name}`);
      results.push(await measure(scenario as never, load));
    }

    log('verifying the audit chain from the shell');
    const started = Date.now();
    const verify = spawnSync(process.execPath, ['dist/src/audit/verify-cli.js'], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    });
    const verification = JSON.parse(verify.stdout || '{}');
    const status = readFileSync(`/proc/${app.pid}/status`, 'utf8');
    const rssMb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);

    const floorRate = results.find((result) => result.scenario.startsWith('floor'))!.requestsPerSecond;
    const report = {
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      data: { notices, auditEvents, smoke },
      load,
      scenarios: results.map((result) => ({
        ...result,
        ratioToFloor: Number((result.requestsPerSecond / floorRate).toFixed(2)),
      })),
      growth: {
        ...growth,
        listRatio: Number(
          (growth[`list p99 at ${notices}`] / Math.max(1, growth[`list p99 at ${growthBase}`])).toFixed(2),
        ),
        searchRatio: Number(
          (growth[`search p99 at ${notices}`] / Math.max(1, growth[`search p99 at ${growthBase}`])).toFixed(2),
        ),
      },
      auditVerify: {
        events: verification.checked,
        valid: verification.valid,
        seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
        maxRssMb: verification.maxRssMb,
      },
      serverRssMb: rssMb,
    };
    console.log('\n| scenario | req/s | p50 ms | p99 ms | errors | × floor |\n|---|---:|---:|---:|---:|---:|');
    for (const row of report.scenarios) {
      console.log(
        `| ${row.scenario} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.ratioToFloor} |`,
      );
    }
    console.log(`\ngrowth: ${JSON.stringify(report.growth)}`);
    console.log(`audit:verify: ${JSON.stringify(report.auditVerify)}`);
    console.log(`server RSS after the run: ${rssMb} MB`);
    if (out) writeFileSync(out, JSON.stringify(report, null, 2));
    if (!verification.valid) throw new Error('the audit chain did not verify');
    const errors = report.scenarios.reduce((sum, row) => sum + row.errors, 0);
    if (smoke && errors > 0) throw new Error(`${errors} errors during the smoke run`);
  } finally {
    app?.kill('SIGTERM');
    floor?.close();
    await dataSource.destroy();
    await sleep(500);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error('[bench] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
