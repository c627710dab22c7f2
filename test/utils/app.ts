import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp, startServing } from '../../src/app.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ContractRecorder } from './contract.js';
import { createTestDatabase } from './database.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Boots the whole application on a database of its own, migrated, exactly as production does. */
export async function startTestApp(env: Record<string, string> = {}, database?: { url: string }): Promise<TestApp> {
  const owned = database ? null : await createTestDatabase();
  const databaseUrl = database?.url ?? owned!.url;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    RATE_LIMIT_PER_MINUTE: '0',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    MAIL_WORKER_ENABLED: 'false',
    PROPOSAL_WORKER_ENABLED: 'false',
    DATA_DIR: '.data/test',
    ...env,
    DATABASE_URL: databaseUrl,
  });
  const app = await createApp({ ...config, databaseUrl });
  const contract = new ContractRecorder();
  app.use(contract.middleware);
  await startServing(app);
  const dataSource = app.get(DataSource);
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource,
    databaseUrl,
    async close() {
      // Every answer this file received must be one the published OpenAPI document describes.
      const document = (await request(app.getHttpServer()).get('/docs-json')).body;
      await app.close();
      if (owned) await owned.drop();
      const violations = contract.violations(document);
      if (violations.length > 0) {
        throw new Error(`Answers not described by the OpenAPI document:\n${violations.join('\n')}`);
      }
    },
  };
}
