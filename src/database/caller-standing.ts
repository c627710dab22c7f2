import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import type { Actor } from '../common/request-context.js';
import { sendNow, type Connection } from './sql.js';

/**
 * The advisory lock class of a user's standing (active, role, member). Every write of a signed-in caller holds
 * their lock shared until it commits; an admin's change to a user (`holdUserStanding`) holds it exclusively.
 */
const STANDING_LOCK = 7_240_003;

/**
 * Confirms, inside the caller's transaction, that they still stand where their credentials said when the request
 * arrived: active, with the same role and member. The caller's standing lock is taken first (shared), so an admin's
 * change to them either waits for this write to commit (and then revokes what it made, its keys included) or has
 * committed before the check reads the account: the write is then refused with 401, having changed nothing. Both
 * statements leave with `START TRANSACTION` (they are sent in its turn); the second reads after the lock is held.
 * Resolves to the refusal to throw, or null.
 */
export function confirmStanding(connection: Connection, actor: Actor): Promise<AppError | null> {
  const lock = sendNow(
    connection,
    { text: 'SELECT pg_advisory_xact_lock_shared($1, hashtext($2)) AS held', values: [STANDING_LOCK, actor.id] },
    { prepare: true },
  );
  lock.catch(() => undefined); // a failure aborts the transaction: the check below, and the commit, fail with it
  const standing = sendNow<{ stands: boolean }>(
    connection,
    {
      text: `SELECT EXISTS (SELECT 1 FROM app_user
               WHERE id = $1 AND active AND role = $2 AND member_code IS NOT DISTINCT FROM $3) AS stands`,
      values: [actor.id, actor.role, actor.memberCode],
    },
    { prepare: true },
  );
  return standing.then(([row]) =>
    row?.stands
      ? null
      : new AppError('unauthenticated', 'Your account was changed while this request was under way; sign in again.'),
  );
}

/**
 * Holds the user's standing lock exclusively until the transaction ends: writes of theirs already under way
 * finish first, and those that follow see this change. For an admin's change to a user's active flag, role or member.
 */
export async function holdUserStanding(manager: EntityManager, userId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STANDING_LOCK, userId]);
}
