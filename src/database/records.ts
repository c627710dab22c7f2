import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * Writes `changes` to a record loaded in this transaction with one `UPDATE … RETURNING`, bumping its version
 * and update time as `save` would, without `save`'s read of the row first; the record gets the new values.
 */
export async function updateRecord<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  record: E,
  changes: QueryDeepPartialEntity<E>,
): Promise<E> {
  await manager.createQueryBuilder().update(target).set(changes).whereEntity(record).updateEntity(true).execute();
  return Object.assign(record, changes);
}
