import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createApp, startServing } from './app.js';
import { answerClientErrors } from './common/errors/client-errors.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { readDotEnv } from './config/dot-env.js';
import { isConnectionProblem } from './database/connection-problems.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';

/** On the embedded default, a generated JWT secret is kept under the data folder so sessions survive restarts. */
function persistentSecret(config: AppConfig): string {
  const file = join(config.dataDir, 'jwt-secret');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o755 });
  if (!existsSync(file)) writeFileSync(file, config.jwtSecret, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  readDotEnv();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl === null) {
    const port = config.embeddedPgPort;
    console.log(
      `DATABASE_URL is not set: starting the embedded PostgreSQL (data in ${config.dataDir}/pg, port ${port}).`,
    );
    embedded = await startEmbeddedPostgres(config.dataDir, port);
    databaseUrl = embedded.url;
    if (config.jwtSecretGenerated) config = { ...config, jwtSecret: persistentSecret(config) };
  }

  const app = await createApp({ ...config, databaseUrl, embeddedDatabase: embedded !== null }).catch((error) => {
    // Name the setting to fix (never its value: the URL may hold a password).
    if (embedded === null && isConnectionProblem(error)) {
      throw new Error(`the database at DATABASE_URL cannot be used: ${(error as Error).message}`);
    }
    throw error;
  });
  await startServing(app);
  // Our own HTTP server, so that slow or stalled clients are checked every second and cut off after the
  // header and request time limits instead of holding a socket.
  const server = createServer(
    {
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
    },
    app.getHttpAdapter().getInstance(),
  );
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  console.log(`RRM secretariat API listening on http://localhost:${config.port}: API docs at /docs`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in flight, then stopping.`);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await app.close();
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main().catch((error: unknown) => {
  console.error('Start-up failed:', error instanceof Error ? error.message : String(error));
  process.exit(1);
});
