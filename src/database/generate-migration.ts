/**
 * `npm run migration:generate -- <PascalVerbObject>` writes a migration for the difference between the
 * entities and the database at DATABASE_URL (migrated first); `--check` only fails when there is one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const name = args.find((arg) => !arg.startsWith('--'));
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must point at a database to compare the entities with.');
  process.exit(2);
}
if (!check && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
  console.error('Usage: npm run migration:generate -- <PascalVerbObject>   (or --check)');
  process.exit(2);
}

const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
try {
  await dataSource.runMigrations();
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (check) {
    if (sql.upQueries.length === 0) {
      console.log('Entities and migrations agree.');
    } else {
      console.error('Entities and migrations disagree; a migration would run:');
      for (const query of sql.upQueries) console.error(`  ${query.query}`);
      process.exitCode = 1;
    }
  } else if (sql.upQueries.length === 0) {
    console.log('No changes: no migration written.');
  } else {
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const quote = (query: string) =>
      '`' + query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((q) => `    await queryRunner.query(${quote(q.query)});`)
      .join('\n');
    const file = `${timestamp}-${name}`;
    writeFileSync(
      join('migrations', `${file}.ts`),
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
        `export class ${className} implements MigrationInterface {\n` +
        `  name = '${className}';\n\n` +
        `  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n` +
        `  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    const index = join('migrations', 'index.ts');
    const source = readFileSync(index, 'utf8')
      .replace(/(\n\nexport const MIGRATIONS)/, `\nimport { ${className} } from './${file}.js';$1`)
      .replace(
        /= \[([^\]]*)\];/,
        (_, list: string) => `= [${list.trim() ? `${list.trim().replace(/,$/, '')}, ` : ''}${className}];`,
      );
    writeFileSync(index, source);
    console.log(`Wrote migrations/${file}.ts; read it before committing.`);
  }
} finally {
  await dataSource.destroy();
}
