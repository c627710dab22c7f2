import type { TestApp } from '../utils/app.js';
import { bearer } from './users.js';

/** PATCHes the record at `path` as `caller`, with the record's current ETag read just before (`status` expected). */
export async function patchCurrent(
  test: TestApp,
  caller: { token: string },
  path: string,
  changes: Record<string, unknown>,
  status = 200,
): Promise<void> {
  const current = await test.http.get(path).set(bearer(caller)).expect(200);
  await test.http.patch(path).set(bearer(caller)).set('If-Match', current.headers.etag).send(changes).expect(status);
}
