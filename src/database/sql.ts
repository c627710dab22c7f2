import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** The `pg` pool under TypeORM's PostgreSQL driver (undefined before the data source connects). */
export interface DatabasePool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export const databasePool = (dataSource: DataSource) =>
  (dataSource.driver as unknown as { master?: DatabasePool }).master;

/**
 * A timestamptz column as the API shows it (ISO 8601 in UTC with milliseconds, as `Date.toISOString()` writes
 * it), formatted by PostgreSQL so list reads skip parsing dates in Node.
 */
export const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Runs one read on the pool, outside any transaction and without building entities: for the hot read paths
 * (the caller's principal, lists), whose rows are mapped to views directly. `sql` uses `$1…` placeholders.
 */
export async function readRows<T>(dataSource: DataSource, sql: string, values: unknown[]): Promise<T[]> {
  const pool = databasePool(dataSource);
  if (!pool) throw new Error('The database is not connected.');
  return (await pool.query(sql, values)).rows as T[];
}

/** `readRows` for a read written with named parameters (`:name`, `:...list`), as query builders take them. */
export function readNamed<T>(dataSource: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = dataSource.driver.escapeQueryWithParameters(sql, params);
  return readRows<T>(dataSource, text, values);
}

/**
 * `alias.column AS "property"` for every column an entity selects, so that plain rows read with `readRows`
 * or `readWith` have the entity's shape without TypeORM building entities. Only for entities whose columns `pg`
 * parses as TypeORM would (no transformers, no `date` or `bigint` columns).
 */
export function entityColumns(dataSource: DataSource, target: EntityTarget<ObjectLiteral>, alias: string): string {
  return dataSource
    .getMetadata(target)
    .columns.filter((column) => column.isSelect)
    .map((column) => `${alias}.${column.databaseName} AS "${column.propertyPath}"`)
    .join(', ');
}

/** `readNamed` inside a transaction (or on any manager): the manager's connection runs it. */
export function readWith<T>(manager: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = manager.dataSource.driver.escapeQueryWithParameters(sql, params);
  return manager.query(text, values) as Promise<T[]>;
}
