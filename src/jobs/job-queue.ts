import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { PgBoss, type Job, type QueueOptions, type SendOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { queryOn, type Statement } from '../database/sql.js';
import { errorWithoutValues } from '../logging.js';

// Jobs are created with the same few statements over and over: prepared once per connection.
const executorOf = (manager: EntityManager) => ({
  executeSql: async (text: string, values?: unknown[]) => ({
    rows: await queryOn(manager, text, values ?? [], { prepare: true }),
  }),
});

/**
 * A job's failure as pg-boss keeps it (in its job table, with every field of the error): the error without the
 * values it was about, as the logs have it (a failed statement's parameters, a violated key).
 */
export function failureOf(error: unknown): Error {
  const fields = errorWithoutValues(error) as Record<string, unknown>;
  return Object.assign(new Error(typeof fields.message === 'string' ? fields.message : String(error)), fields);
}

export type JobHandler<T> = (job: Job<T> & { retryCount: number; retryLimit: number }) => Promise<void>;

/**
 * Background jobs on PostgreSQL (pg-boss): mail delivery and timed work such as closing proposals at their
 * deadline. Jobs are created inside the caller's transaction, so they exist exactly when the change commits.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, QueueOptions>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.boss = new PgBoss({
      connectionString: config.databaseUrl!,
      schema: 'pgboss',
      max: 3,
      application_name: 'rrm-secretariat-jobs',
    });
    this.boss.on('error', (error: Error) => this.logger.error(`job queue: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }

  /** Declares a queue (idempotent); options are its retry and expiry policy. */
  async declare(name: string, options: QueueOptions): Promise<void> {
    if (this.queues.has(name)) return;
    this.queues.set(name, options);
    const existing = await this.boss.getQueue(name);
    if (existing) await this.boss.updateQueue(name, options);
    else
      await this.boss.createQueue(name, options).catch(async (error: unknown) => {
        // Another process declared it at the same moment.
        if (!(await this.boss.getQueue(name))) throw error;
      });
  }

  /** Creates a job in the caller's transaction. */
  async sendInTransaction(
    manager: EntityManager,
    name: string,
    data: object,
    options: SendOptions = {},
  ): Promise<void> {
    await this.boss.send(name, data, { ...options, db: executorOf(manager) });
  }

  /**
   * The one statement creating a job for each of `data` (pg-boss writes it; nothing is sent here), for the caller
   * to send in its transaction beside other statements it does not depend on.
   */
  async insertStatement(name: string, data: object[]): Promise<Statement> {
    let statement: Statement | null = null;
    await this.boss.insert(
      name,
      data.map((item) => ({ data: item })),
      {
        db: {
          executeSql: async (text: string, values?: unknown[]) => {
            statement = { text, values: values ?? [] };
            return { rows: [] };
          },
        },
      },
    );
    if (!statement) throw new Error(`No statement was built for the jobs of queue ${name}.`);
    return statement;
  }

  /** Puts a job on the queue at every occurrence of `cron` (UTC): one job per occurrence, whatever the process count. */
  async schedule(name: string, cron: string): Promise<void> {
    await this.boss.schedule(name, cron);
  }

  /** Runs `handler` for each job of the queue; a handler that throws has its job retried per the queue policy. */
  async work<T extends object>(name: string, handler: JobHandler<T>): Promise<void> {
    await this.boss.work<T>(
      name,
      { pollingIntervalSeconds: 1, batchSize: 1, localConcurrency: 2, includeMetadata: true },
      async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job as unknown as Job<T> & { retryCount: number; retryLimit: number });
          } catch (error) {
            throw failureOf(error);
          }
        }
      },
    );
  }
}
