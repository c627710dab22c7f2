import type { DataSource } from 'typeorm';

/**
 * A timestamptz column as the API shows it (ISO 8601 in UTC with milliseconds, as `Date.toISOString()` writes
 * it), formatted by PostgreSQL so list reads skip parsing dates in Node.
 */
export const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Runs a read written with named parameters (`:name`, `:...list`) straight on the pool, without building
 * entities: for the hot read paths, whose rows are mapped to views directly.
 */
export function readRows<T>(dataSource: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = dataSource.driver.escapeQueryWithParameters(sql, params);
  return dataSource.query(text, values) as Promise<T[]>;
}
