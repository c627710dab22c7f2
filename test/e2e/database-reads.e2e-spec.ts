import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { readRows } from '../../src/database/sql.js';
import { createTestDatabase } from '../utils/database.js';

/** The hot-path reads: prepared once per connection when asked, and only then. */
describe('database reads', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection, so every read below runs in the same session and sees its prepared statements.
    const options = dataSourceOptions(database.url);
    dataSource = await new DataSource({ ...options, extra: { ...(options.extra as object), max: 1 } }).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const prepared = async () =>
    (
      await readRows<{ statement: string }>(
        dataSource,
        'SELECT statement FROM pg_prepared_statements ORDER BY statement',
        [],
      )
    ).map((row) => row.statement);

  it('prepares a read once and reuses it, with each run’s own values', async () => {
    const first = await readRows<{ n: number }>(dataSource, 'SELECT $1::int AS n', [1], { prepare: true });
    const second = await readRows<{ n: number }>(dataSource, 'SELECT $1::int AS n', [2], { prepare: true });
    expect([first, second]).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    expect(await prepared()).toEqual(['SELECT $1::int AS n']);
  });

  it('leaves reads unprepared unless asked', async () => {
    expect(await readRows(dataSource, 'SELECT $1::int + 1 AS n', [1])).toEqual([{ n: 2 }]);
    expect(await prepared()).not.toContain('SELECT $1::int + 1 AS n');
  });
});
