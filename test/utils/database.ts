import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { migrate } from '../../src/database/database.module.js';

const TEMPLATE_LOCK = 7_240_099;

function serverUrl(database: string): string {
  const url = new URL(process.env.RRM_TEST_SERVER_URL ?? process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The migrated template of this run, made by the first file that asks (the others wait on a lock). */
async function ensureTemplate(client: pg.Client, template: string): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount) return;
    await client.query(`CREATE DATABASE "${template}_building"`);
    const dataSource = await new DataSource(dataSourceOptions(serverUrl(`${template}_building`))).initialize();
    await migrate(dataSource);
    await dataSource.destroy();
    await client.query(`ALTER DATABASE "${template}_building" RENAME TO "${template}"`);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
}

/** A fresh, migrated database of this test file's own, cloned from the template. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = process.env.RRM_TEST_TEMPLATE ?? 'rrm_test_template';
  // Named after the run (the pid in the template's name), so another run's clean-up can tell it is still in use.
  const run = /_(\d+)$/.exec(template)?.[1] ?? String(process.pid);
  const name = `rrm_test_${run}_${randomBytes(6).toString('hex')}`;
  await admin(async (client) => {
    await ensureTemplate(client, template);
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // Two files cloning the template at the same instant can collide; try again shortly.
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return {
    url: serverUrl(name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined)),
  };
}
