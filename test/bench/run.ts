/**
 * `npm run bench [-- --smoke] [--notices N] [--audit-events N] [--seconds S] [--out file.json]`
 * Seeds a dedicated database, starts the production build and a bare floor server beside it, drives both with
 * autocannon and prints one table (also written as JSON with --out). See docs/performance.md.
 */
import type autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { freePort, log, sleep, startBenchEnvironment } from './environment.js';
import { startFloor } from './floor.js';
import { measure, type Scenario, type ScenarioResult } from './load.js';
import { seedNotices } from './seed.js';
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
/** How long the server idles after the run before its memory is read again (at rest). */
const REST_SECONDS = 45;

async function main(): Promise<void> {
  const env = await startBenchEnvironment({
    notices: growthBase,
    auditEvents,
    proposals: smoke ? 20 : 2_000,
    meetings: smoke ? 5 : 300,
  });
  const { base, dataSource, users, tokens } = env;
  const { focalPoint, secretariat } = tokens;
  const results: ScenarioResult[] = [];
  const growth: Record<string, number> = {};
  let floor: Awaited<ReturnType<typeof startFloor>> | null = null;
  try {
    const floorPort = await freePort();
    floor = await startFloor(env.databaseUrl, floorPort, { member: 'FR', kind: 'member' });
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
    // The floor just before and just after the API's list, on the same data (the machine's speed drifts, so the
    // ratio uses their mean); then the other reads; the writes last, as their new notices would top the lists.
    const floorList = { url: `http://127.0.0.1:${floorPort}`, path: '/' };
    const scenarios: Scenario[] = [
      { ...floorList, name: 'floor: list notices (node:http + pg), before' },
      list,
      { ...floorList, name: 'floor: list notices (node:http + pg), after' },
      search,
      { name: 'get one notice', url: base, token: focalPoint, path: `/api/v1/notices/${visible.id}` },
      { ...floorList, name: 'floor: get one notice (node:http + pg)', path: `/${visible.id}` },
      {
        name: 'create + share a notice (2 requests)',
        url: base,
        token: secretariat,
        writes: true,
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
            onResponse: (status: number, body: string, context: object) => {
              if (status === 201) (context as { id?: string }).id = JSON.parse(body).id;
            },
          },
          {
            method: 'POST' as const,
            setupRequest: (request: autocannon.Request, context: object) => ({
              ...request,
              path: `/api/v1/notices/${(context as { id?: string }).id}/share`,
            }),
          },
        ],
      },
      ...(await extraScenarios(dataSource, base, { focalPoint, secretariat })),
    ];
    for (const scenario of [...scenarios.filter((s) => !s.writes), ...scenarios.filter((s) => s.writes)]) {
      log(`measuring: ${scenario.name}`);
      results.push(await measure(scenario, load, scenario.url === base ? env.app.pid : floor.pid));
    }
    const rssMb = await env.serverRssMb();

    log('verifying the audit chain from the shell');
    const started = Date.now();
    const verify = spawnSync(process.execPath, ['dist/src/audit/verify-cli.js'], {
      env: { ...process.env, DATABASE_URL: env.databaseUrl },
      encoding: 'utf8',
    });
    const verification = JSON.parse(verify.stdout || '{}');
    const verifySeconds = Number(((Date.now() - started) / 1000).toFixed(1));
    // Under load the heap holds garbage V8 collects lazily; once the server idles, it gives it back.
    if (!smoke) await sleep(REST_SECONDS * 1000);
    const rssAtRestMb = await env.serverRssMb();

    const floors = results.filter((result) => result.scenario.startsWith('floor: list'));
    const floorRate = floors.reduce((sum, result) => sum + result.requestsPerSecond, 0) / floors.length;
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
        seconds: verifySeconds,
        maxRssMb: verification.maxRssMb,
      },
      serverRssMb: rssMb,
      serverRssAtRestMb: rssAtRestMb,
    };
    console.log(
      '\n| scenario | req/s | p50 ms | p99 ms | errors | × floor | server CPU ms/req | database CPU ms/req |' +
        ' generator CPU ms/req | machine busy |' +
        '\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    const orDash = (value: number | null) => (value === null ? '–' : value);
    for (const row of report.scenarios) {
      console.log(
        `| ${row.scenario} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.ratioToFloor} | ` +
          `${orDash(row.serverCpuMsPerRequest)} | ${orDash(row.databaseCpuMsPerRequest)} | ` +
          `${orDash(row.loadGeneratorCpuMsPerRequest)} | ${orDash(row.machineBusyShare)} |`,
      );
    }
    console.log(`\ngrowth: ${JSON.stringify(report.growth)}`);
    console.log(`audit:verify: ${JSON.stringify(report.auditVerify)}`);
    console.log(
      `server RSS at the end of the load: ${rssMb} MB; at rest (idle through audit:verify${smoke ? '' : ` and ${REST_SECONDS} s more`}): ${rssAtRestMb} MB`,
    );
    if (out) writeFileSync(out, JSON.stringify(report, null, 2));
    if (!verification.valid) throw new Error('the audit chain did not verify');
    const errors = report.scenarios.reduce((sum, row) => sum + row.errors, 0);
    if (smoke && errors > 0) throw new Error(`${errors} errors during the smoke run`);
  } finally {
    floor?.kill('SIGTERM');
    await env.stop();
  }
}

main().catch((error: unknown) => {
  console.error('[bench] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
