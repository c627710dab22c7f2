import type { EntityManager } from 'typeorm';
import { User } from './user.entity.js';

/** The advisory lock under which the set of active admins changes (a transaction's, released at its end). */
const ADMIN_ROSTER_LOCK = 7_240_002;

/**
 * How many active admins there are, read under the roster's lock: changes that could leave none (two admins
 * deactivating each other at once, the first admin created by two processes starting together) take turns, and
 * each counts after the one before it has committed (each statement reads what is committed when it starts).
 */
export async function activeAdminsUnderLock(manager: EntityManager): Promise<number> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_ROSTER_LOCK]);
  return manager.countBy(User, { role: 'admin', active: true });
}
