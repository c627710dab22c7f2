import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
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

  /**
   * Express middleware, first in line: times every request, those refused before any handler included (401, 403,
   * 404, 413, 415, 429), labelled by its route pattern (never the raw path, which holds ids) or `unmatched`.
   */
  readonly timeRequests = (request: Request, response: Response, next: NextFunction): void => {
    const end = this.requestDuration.startTimer();
    response.once('finish', () => {
      const pattern = (request.route as { path?: string } | undefined)?.path;
      // A catch-all (`/api/v1*path`, the 404 of the API's prefix) serves no route either.
      const route = pattern === undefined || pattern.includes('*') ? 'unmatched' : `${request.baseUrl}${pattern}`;
      end({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };

  onModuleDestroy(): void {
    this.registry.clear();
  }
}
