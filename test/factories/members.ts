import type { TestApp } from '../utils/app.js';
import { bearer, type TestUser } from './users.js';

/** Deactivates or reactivates a member or observer as `admin`, with its current ETag (200 expected). */
export async function setMemberActive(test: TestApp, admin: TestUser, code: string, active: boolean): Promise<void> {
  const current = await test.http.get(`/api/v1/members/${code}`).set(bearer(admin)).expect(200);
  await test.http
    .patch(`/api/v1/members/${code}`)
    .set(bearer(admin))
    .set('If-Match', current.headers.etag)
    .send({ active })
    .expect(200);
}
