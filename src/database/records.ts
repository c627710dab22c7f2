import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Statement } from './sql.js';

/**
 * The `UPDATE` writing `changes` (property → value) to the record with this primary key, bumping its version
 * and update time as `save` would, and returning those two by their property names. Built, not sent: a use case
 * sends it with `Transaction.send`, so it leaves with the commit when nothing waits on its answer.
 */
export function recordUpdate<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  id: string,
  changes: Partial<E>,
): Statement {
  const metadata = manager.connection.getMetadata(target);
  const { versionColumn, updateDateColumn, primaryColumns } = metadata;
  if (!versionColumn || !updateDateColumn || primaryColumns.length !== 1) {
    throw new Error(`${metadata.name} needs one primary key column, a version and an update time.`);
  }
  const values: unknown[] = [id];
  const assignments = Object.entries(changes).map(([property, value]) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column for ${property}.`);
    values.push(value);
    return `"${column.databaseName}" = $${values.length}`;
  });
  const version = `"${versionColumn.databaseName}"`;
  const updated = `"${updateDateColumn.databaseName}"`;
  assignments.push(`${version} = ${version} + 1`, `${updated} = now()`);
  return {
    text:
      `UPDATE "${metadata.tableName}" SET ${assignments.join(', ')} WHERE "${primaryColumns[0].databaseName}" = $1 ` +
      `RETURNING ${version} AS "${versionColumn.propertyName}", ${updated} AS "${updateDateColumn.propertyName}"`,
    values,
  };
}

/**
 * Gives a record a new version and update time, and sets both on it: what the API shows of it changed (its
 * agenda, minutes or linked notices, kept in rows of their own), so its ETag must change too.
 */
export async function touchRecord<E extends { id: string; version: number; updatedAt: Date }>(
  manager: EntityManager,
  target: EntityTarget<E>,
  record: E,
): Promise<void> {
  const { text, values } = recordUpdate(manager, target, record.id, {});
  // TypeORM answers an UPDATE with [rows, rowCount].
  const [[row]] = (await manager.query(text, values)) as [[{ version: number; updatedAt: Date }], number];
  record.version = row.version;
  record.updatedAt = row.updatedAt;
}
