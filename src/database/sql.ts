import { EntityManager, type DataSource, type EntityTarget, type ObjectLiteral, type QueryRunner } from 'typeorm';

/** The `pg` pool under TypeORM's PostgreSQL driver (undefined before the data source connects). */
export interface DatabasePool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  query(query: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

export const databasePool = (dataSource: DataSource) =>
  (dataSource.driver as unknown as { master?: DatabasePool }).master;

/**
 * A timestamptz column as the API shows it (ISO 8601 in UTC with milliseconds, as `Date.toISOString()` writes
 * it), formatted by PostgreSQL so list reads skip parsing dates in Node.
 */
export const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Statement names, one per distinct SQL text `readRows` prepares; past the bound, reads are not prepared. */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 256;

function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `stmt_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  return name;
}

export interface ReadOptions {
  /**
   * Prepare the statement on each connection and reuse it: PostgreSQL then skips parsing and, after five runs,
   * planning (a generic plan), which is most of a short read's cost in the database. Leave it off for reads whose
   * best plan depends on how rare a value is (full-text words, tags): a generic plan cannot see that.
   */
  prepare?: boolean;
}

/**
 * Runs one read on the pool, outside any transaction and without building entities: for the hot read paths
 * (the caller's principal, lists), whose rows are mapped to views directly. `sql` uses `$1…` placeholders.
 */
export async function readRows<T>(
  dataSource: DataSource,
  sql: string,
  values: unknown[],
  options: ReadOptions = {},
): Promise<T[]> {
  const pool = databasePool(dataSource);
  if (!pool) throw new Error('The database is not connected.');
  const name = options.prepare ? preparedName(sql) : undefined;
  return (await pool.query({ text: sql, values, ...(name ? { name } : {}) })).rows as T[];
}

/**
 * A read written with named parameters (`:name`, `:...list`), as query builders take them: on the pool
 * (`readRows`) given the data source, on the manager's connection (`queryOn`) given a manager, e.g. a transaction's.
 */
export function readNamed<T>(
  source: DataSource | EntityManager,
  sql: string,
  params: Record<string, unknown>,
  options: ReadOptions = {},
): Promise<T[]> {
  if (source instanceof EntityManager) {
    const [text, values] = source.dataSource.driver.escapeQueryWithParameters(sql, params);
    return queryOn<T>(source, text, values, options);
  }
  const [text, values] = source.driver.escapeQueryWithParameters(sql, params);
  return readRows<T>(source, text, values, options);
}

/**
 * `alias.column AS "property"` for every column an entity selects, so that plain rows read with `readRows`
 * or `readNamed` have the entity's shape without TypeORM building entities. Only for entities whose columns `pg`
 * parses as TypeORM would (no transformers, no `date` or `bigint` columns). `forViews` reads timestamps as ISO
 * text (`isoUtc`) and arrays as JSON, which `JSON.parse` reads faster than PostgreSQL's array text is parsed.
 */
export function entityColumns(
  dataSource: DataSource,
  target: EntityTarget<ObjectLiteral>,
  alias: string,
  options: { forViews?: boolean } = {},
): string {
  const metadata = dataSource.getMetadata(target);
  const key = `${alias}${options.forViews ? ' views' : ''}`;
  let lists = selectLists.get(metadata);
  if (!lists) selectLists.set(metadata, (lists = new Map()));
  let list = lists.get(key);
  if (list === undefined) {
    list = metadata.columns
      .filter((column) => column.isSelect)
      .map((column) => {
        const name = `${alias}.${column.databaseName}`;
        const value = !options.forViews
          ? name
          : column.type === 'timestamptz'
            ? isoUtc(name)
            : column.isArray
              ? `to_json(${name})`
              : name;
        return `${value} AS "${column.propertyPath}"`;
      })
      .join(', ');
    lists.set(key, list);
  }
  return list;
}

/** `entityColumns`' answers, built once per entity, alias and form: hot reads ask for them on every request. */
const selectLists = new WeakMap<object, Map<string, string>>();

/** A statement and its values (`$1…` placeholders), built now and sent later. */
export interface Statement {
  text: string;
  values: unknown[];
}

type Answer = (error: Error | null, result: { rows: unknown[] }) => void;

export interface Connection {
  query(query: { text: string; values: unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
  query(query: { text: string; values: unknown[]; name?: string }, answer: Answer): void;
  connection?: { stream?: { cork?(): void; uncork?(): void } };
}

const corkedStreams = new WeakSet<object>();

/**
 * Holds what is written to the connection until the current turn of the event loop ends, so statements issued
 * together (the pool's clients are pipelined) leave in one packet: a send is what an exchange with the
 * database costs most, on both sides.
 */
export function sendTogetherThisTurn(connection: Connection): void {
  const stream = connection.connection?.stream;
  if (!stream?.cork || !stream.uncork || corkedStreams.has(stream)) return;
  stream.cork();
  corkedStreams.add(stream);
  setImmediate(() => {
    corkedStreams.delete(stream);
    stream.uncork!();
  });
}

/**
 * Sends `statement` on `connection` now, before this function returns, so statements sent one after another reach
 * PostgreSQL in that order (and those of one turn in one packet, `sendTogetherThisTurn`). Throws at once if the
 * client refuses it before sending (a value it cannot encode): then nothing of it reached the database.
 */
export function sendNow<T>(connection: Connection, statement: Statement, options: ReadOptions = {}): Promise<T[]> {
  sendTogetherThisTurn(connection);
  const name = options.prepare ? preparedName(statement.text) : undefined;
  let refusal: Error | null = null;
  let answered = false;
  const answer = new Promise<T[]>((resolve, reject) =>
    connection.query({ ...statement, ...(name ? { name } : {}) }, (error, result) => {
      answered = true;
      if (error) reject((refusal = error));
      else resolve(result.rows as T[]);
    }),
  );
  if (answered && refusal) {
    answer.catch(() => undefined);
    throw refusal as Error;
  }
  return answer;
}

/**
 * Runs `sql` (`$1…` placeholders) on the manager's connection: its transaction's, inside one, where statements
 * issued in the same turn of the event loop travel together (`sendTogetherThisTurn`). With `prepare`, as a
 * prepared statement reused per connection (see `ReadOptions`), for the statements every write repeats.
 */
export async function queryOn<T>(
  manager: EntityManager,
  sql: string,
  values: unknown[],
  options: ReadOptions = {},
): Promise<T[]> {
  const runner = manager.queryRunner as (QueryRunner & { databaseConnection?: Connection }) | undefined;
  if (!runner || runner.isReleased) return manager.query(sql, values) as Promise<T[]>;
  const connection = runner.databaseConnection ?? ((await runner.connect()) as Connection);
  return sendNow<T>(connection, { text: sql, values }, options);
}
