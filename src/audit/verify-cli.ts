/**
 * `npm run audit:verify [-- --expect-head <seq>:<hash>]`: verifies the audit chain at DATABASE_URL from the shell.
 * Exit 0 when the chain is intact (and contains the expected checkpoint), 1 otherwise.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source.js';
import { verifyAuditChain } from './audit-verifier.js';

const args = process.argv.slice(2);
const expectIndex = args.indexOf('--expect-head');
const expected = expectIndex >= 0 ? args[expectIndex + 1] : undefined;
if (expectIndex >= 0 && !/^\d+:[0-9a-f]{64}$/.test(expected ?? '')) {
  console.error('Usage: npm run audit:verify -- [--expect-head <seq>:<sha256 hex>]');
  process.exit(2);
}
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL must point at the database to verify.');
  process.exit(2);
}

const dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL, { migrations: [] })).initialize();
try {
  const started = Date.now();
  const result = await verifyAuditChain(dataSource);
  let valid = result.valid;
  let checkpoint: string | undefined;
  if (expected) {
    const [seq, hash] = expected.split(':');
    const [row] = (await dataSource.query('SELECT hash FROM audit_event WHERE seq = $1', [seq])) as { hash: string }[];
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
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  process.exitCode = valid ? 0 : 1;
} finally {
  await dataSource.destroy();
}
