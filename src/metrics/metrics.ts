import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { databasePool, type DatabasePool } from '../database/sql.js';

/** The Prometheus registry: request durations by route and status, and the database pool. */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, read: (p: DatabasePool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const current = databasePool(dataSource);
          this.set(current ? read(current) : 0);
        },
      });
    gauge('db_pool_in_use', 'Database connections in use', (p) => p.totalCount - p.idleCount);
    gauge('db_pool_idle', 'Idle database connections', (p) => p.idleCount);
    gauge('db_pool_waiting', 'Requests waiting for a database connection', (p) => p.waitingCount);
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}
