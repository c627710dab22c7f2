import pg from 'pg';

export default async function globalTeardown() {
  const template = process.env.RRM_TEST_TEMPLATE;
  if (template && process.env.RRM_TEST_SERVER_URL) {
    const client = new pg.Client({ connectionString: process.env.RRM_TEST_SERVER_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await client.end();
  }
  if (globalThis.rrmEmbeddedPostgres) await globalThis.rrmEmbeddedPostgres.stop();
}
