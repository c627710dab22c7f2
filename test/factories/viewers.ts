import type { TestApp } from '../utils/app.js';
import { signedIn, type TestUser } from './users.js';

/** Who the visibility tables look through: focal points of FR, DE and CA, observers AU and NZ, and the staff. */
export type Viewer = 'fr' | 'de' | 'ca' | 'au' | 'nz' | 'secretariat' | 'admin' | 'auditor';

export const STAFF: Viewer[] = ['secretariat', 'admin', 'auditor'];
export const VIEWERS: Viewer[] = ['fr', 'de', 'ca', 'au', 'nz', ...STAFF];

/**
 * One case per record of the table and viewer: `seen` where the row names the viewer (staff see every record),
 * 404 otherwise, since a record the caller may not see does not exist for them.
 */
export function visibilityCases<Row extends { seen: Viewer[] }>(table: Row[], name: (row: Row) => string) {
  return table.flatMap((row) =>
    VIEWERS.map(
      (viewer) => [name(row), viewer, row.seen.includes(viewer) || STAFF.includes(viewer) ? 'seen' : 404] as const,
    ),
  );
}

export async function signedInViewers(test: TestApp): Promise<Record<Viewer, TestUser>> {
  const [fr, de, ca, au, nz, secretariat, admin, auditor] = await Promise.all([
    signedIn(test, 'focal_point', 'FR'),
    signedIn(test, 'focal_point', 'DE'),
    signedIn(test, 'focal_point', 'CA'),
    signedIn(test, 'observer', 'AU'),
    signedIn(test, 'observer', 'NZ'),
    signedIn(test, 'secretariat'),
    signedIn(test, 'admin'),
    signedIn(test, 'auditor'),
  ]);
  return { fr, de, ca, au, nz, secretariat, admin, auditor };
}
