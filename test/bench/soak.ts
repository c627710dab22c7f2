/**
 * `npm run soak [-- --minutes 10] [--connections 16] [--out file.json]`: a mixed load on the production build for a
 * while, sampling throughput, errors and server memory every 30 seconds. Target: no errors, and RSS after the
 * warm-up minute grows by no more than 10%. Not part of CI.
 */
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { log, startBenchEnvironment } from './environment.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const minutes = option('minutes', 10);
const connections = option('connections', 16);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1] : null;
const SAMPLE_SECONDS = Math.min(30, Math.max(5, Math.round((minutes * 60) / 10)));

async function main(): Promise<void> {
  const env = await startBenchEnvironment({ notices: 20_000, auditEvents: 10_000 });
  const samples: { atSeconds: number; requestsPerSecond: number; errors: number; rssMb: number }[] = [];
  try {
    const started = Date.now();
    while (Date.now() - started < minutes * 60_000) {
      const result = await autocannon({
        url: env.base,
        connections,
        duration: SAMPLE_SECONDS,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${env.tokens.focalPoint}` },
        requests: [
          { method: 'GET', path: '/api/v1/notices' },
          { method: 'GET', path: '/api/v1/notices?q=election' },
          { method: 'GET', path: '/api/v1/notices?tlp=GREEN&category=human_rights' },
          { method: 'GET', path: '/api/v1/members' },
          {
            method: 'POST',
            path: '/api/v1/notices',
            body: JSON.stringify({
              title: 'Soak notice',
              summary: 'Observed narrative.',
              category: 'disinformation_media',
              tlp: 'GREEN',
              audience: { scope: 'all' },
            }),
          },
        ],
      });
      const sample = {
        atSeconds: Math.round((Date.now() - started) / 1000),
        requestsPerSecond: Math.round(result.requests.average),
        errors: result.errors + result.timeouts + result.non2xx,
        rssMb: await env.serverRssMb(),
      };
      samples.push(sample);
      log(JSON.stringify(sample));
    }
    const afterWarmup = samples.find((sample) => sample.atSeconds >= 60) ?? samples[0];
    const last = samples[samples.length - 1];
    const report = {
      minutes,
      connections,
      samples,
      totalErrors: samples.reduce((sum, sample) => sum + sample.errors, 0),
      rssGrowthAfterWarmup: Number(((last.rssMb - afterWarmup.rssMb) / afterWarmup.rssMb).toFixed(3)),
    };
    console.log(JSON.stringify(report, null, 2));
    if (out) writeFileSync(out, JSON.stringify(report, null, 2));
    if (report.totalErrors > 0 || report.rssGrowthAfterWarmup > 0.1) process.exitCode = 1;
  } finally {
    await env.stop();
  }
}

main().catch((error: unknown) => {
  console.error('[soak] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
