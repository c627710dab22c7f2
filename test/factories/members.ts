import type { TestApp } from '../utils/app.js';
import { patchCurrent } from './records.js';
import type { TestUser } from './users.js';

/** Deactivates or reactivates a member or observer as `admin`, with its current ETag (200 expected). */
export const setMemberActive = (test: TestApp, admin: TestUser, code: string, active: boolean) =>
  patchCurrent(test, admin, `/api/v1/members/${code}`, { active });
