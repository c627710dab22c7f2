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
