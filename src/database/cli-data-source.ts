import { DataSource } from 'typeorm';
import { readDotEnv } from '../config/dot-env.js';
import { dataSourceOptions } from './data-source.js';

/**
 * The data source of the TypeORM CLI (`npm run migration:run`, `migration:revert`): DATABASE_URL from the
 * environment or from `.env`, as the app reads it. There is no default: migrating or reverting a database nobody
 * named is worse than a clear refusal.
 */
readDotEnv();
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error(
    'Set DATABASE_URL to the database to migrate. The embedded one, while the app runs: ' +
      'postgres://postgres:<the password in $DATA_DIR/pg-password>@127.0.0.1:<EMBEDDED_PG_PORT, 54329>/rrm',
  );
}

export default new DataSource(dataSourceOptions(url));
