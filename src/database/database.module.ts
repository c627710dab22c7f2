import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isPermanentConnectionProblem } from './connection-problems.js';
import { dataSourceOptions } from './data-source.js';
import { ENTITIES } from './entities.js';

const MIGRATION_LOCK = 7_240_018; // any constant: serialises migrations across app processes

/** Runs pending migrations, one process at a time. */
export async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) {
      new Logger('Database').log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
    }
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            const options = dataSourceOptions(databaseUrl);
            return {
              ...options,
              extra: { ...(options.extra as object), max: poolSize },
              // A database that is still starting is waited for; one that refuses us (wrong name or password) is not.
              toRetry: (error: unknown) => !isPermanentConnectionProblem(error),
            } as TypeOrmModuleOptions;
          },
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await migrate(dataSource);
            return dataSource;
          },
        }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      exports: [TypeOrmModule],
    };
  }
}
