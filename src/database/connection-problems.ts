/** PostgreSQL's refusals that waiting will not change: no such database, no such role, a wrong password. */
const PERMANENT = new Set(['3D000', '28000', '28P01']);
/** Errors of the network on the way to the database. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH']);

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/** Whether connecting again would meet the same refusal: start-up then stops at once instead of retrying. */
export const isPermanentConnectionProblem = (error: unknown) => PERMANENT.has(codeOf(error) as string);

/**
 * Whether `error` came from reaching the database at all (PostgreSQL's connection, authorization and catalog
 * classes, or the network), as opposed to something the database said once reached.
 */
export function isConnectionProblem(error: unknown): boolean {
  const code = codeOf(error);
  return typeof code === 'string' && (/^(08|28|3D)/.test(code) || NETWORK.has(code));
}
