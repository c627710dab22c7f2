/**
 * `npm run audit:verify [-- --expect-head <seq>:<hash>] [--processes N]`: verifies the audit chain at DATABASE_URL
 * from the shell. Exit 0 when the chain is intact (and contains the expected checkpoint), 1 otherwise.
 *
 * A long chain is cut into stretches verified at the same time, by default one process per core when there are
 * 100,000 events or more per process (each walks its stretch in batches, so memory stays flat per process); their
 * links to each other are checked here (`joinChainRanges`).
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { readDotEnv } from '../config/dot-env.js';
import { dataSourceOptions } from '../database/data-source.js';
import {
  auditChainEnd,
  joinChainRanges,
  splitChain,
  verifyChainRange,
  type ChainRangeResult,
} from './audit-verifier.js';

/** Below this many events a stretch of its own is not worth a process. */
const EVENTS_PER_PROCESS = 100_000;

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? '') : undefined);
const expected = option('--expect-head');
const range = option('--range');
const processes = option('--processes');
if (
  (expected !== undefined && !/^\d+:[0-9a-f]{64}$/.test(expected)) ||
  (range !== undefined && !/^\d+:\d+$/.test(range)) ||
  (processes !== undefined && !/^([1-9]|[1-5]\d|6[0-4])$/.test(processes))
) {
  console.error('Usage: npm run audit:verify -- [--expect-head <seq>:<sha256 hex>] [--processes 1..64]');
  process.exit(2);
}
readDotEnv();
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL (in the environment or .env) must point at the database to verify.');
  process.exit(2);
}
const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** One stretch, in a process of its own; its peak memory comes back with it. */
async function verifyInChild(from: number, to: number): Promise<ChainRangeResult & { maxRssMb: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [fileURLToPath(import.meta.url), '--range', `${from}:${to}`],
    { env: process.env, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout) as ChainRangeResult & { maxRssMb: number };
}

const dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL, { migrations: [] })).initialize();
try {
  if (range) {
    const [from, to] = range.split(':').map(Number);
    console.log(JSON.stringify({ ...(await verifyChainRange(dataSource, from, to)), maxRssMb: maxRssMb() }));
  } else {
    const started = Date.now();
    const end = await auditChainEnd(dataSource);
    const parts = Math.min(
      Math.max(1, end),
      processes ? Number(processes) : Math.min(availableParallelism(), Math.ceil(end / EVENTS_PER_PROCESS)),
    );
    const stretches: (ChainRangeResult & { maxRssMb?: number })[] =
      parts > 1
        ? await Promise.all(splitChain(end, parts).map(([from, to]) => verifyInChild(from, to)))
        : await Promise.all(splitChain(end, 1).map(([from, to]) => verifyChainRange(dataSource, from, to)));
    const result = joinChainRanges(stretches);
    let valid = result.valid;
    let checkpoint: string | undefined;
    if (expected) {
      const [seq, hash] = expected.split(':');
      const [row] = (await dataSource.query('SELECT hash FROM audit_event WHERE seq = $1', [seq])) as {
        hash: string;
      }[];
      const matches = row?.hash === hash;
      checkpoint = matches ? 'checkpoint matches' : `checkpoint MISMATCH at seq ${seq}`;
      valid = valid && matches;
    }
    console.log(
      JSON.stringify({
        ...result,
        valid,
        checkpoint,
        elapsedMs: Date.now() - started,
        processes: Math.max(1, parts),
        maxRssMb: Math.max(maxRssMb(), ...stretches.map((stretch) => stretch.maxRssMb ?? 0)),
      }),
    );
    process.exitCode = valid ? 0 : 1;
  }
} finally {
  await dataSource.destroy();
}
