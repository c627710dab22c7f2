import 'reflect-metadata';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from '../../migrations/index.js';

/** The one definition of the database connection, shared by the app, the tests and the TypeORM CLI. */
export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    applicationName: 'rrm-secretariat',
    extra: {
      max: 10,
      // Queries issued together go out together rather than one answer at a time (UnitOfWork's BEGIN).
      pipeline: true,
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
      // Per-connection guard: no statement may hold a connection for ever.
      options: '-c statement_timeout=30000 -c lock_timeout=10000',
    },
    ...overrides,
  } as DataSourceOptions;
}
