import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/passwords.js';
import { currentStep, totpAt } from '../../src/auth/totp.js';
import type { Role } from '../../src/common/request-context.js';
import type { TestApp } from '../utils/app.js';
import { patchCurrent } from './records.js';

export const PASSWORD = 'a long and quiet river at dawn';
let passwordHash: Promise<string> | null = null;

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  memberCode: string | null;
  token: string;
  refreshToken: string;
}

/** Inserts a user straight into the database (no audit event: it is test set-up, not a use case). */
export async function insertUser(
  dataSource: DataSource,
  role: Role,
  memberCode: string | null = null,
  extra: { email?: string; language?: 'en' | 'fr'; active?: boolean } = {},
): Promise<{ id: string; email: string }> {
  passwordHash ??= hashPassword(PASSWORD);
  const id = randomUUID();
  const email = extra.email ?? `${role}.${id.slice(0, 8)}@example.org`;
  await dataSource.query(
    `INSERT INTO app_user (id, email, display_name, role, member_code, password_hash, preferred_language, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      email,
      `${role} ${id.slice(0, 4)}`,
      role,
      memberCode,
      await passwordHash,
      extra.language ?? 'en',
      extra.active ?? true,
    ],
  );
  return { id, email };
}

/** A signed-in user of the given role, with tokens. */
export async function signedIn(
  test: TestApp,
  role: Role,
  memberCode: string | null = null,
  extra: { email?: string; language?: 'en' | 'fr' } = {},
): Promise<TestUser> {
  const { id, email } = await insertUser(test.dataSource, role, memberCode, extra);
  const response = await test.http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return {
    id,
    email,
    role,
    memberCode,
    token: response.body.accessToken,
    refreshToken: response.body.refreshToken,
  };
}

export const DEFAULT_MEMBER: Record<Role, string | null> = {
  admin: null,
  secretariat: null,
  auditor: null,
  focal_point: 'FR',
  observer: 'AU',
};

/** One signed-in user per role. */
export async function signedInRoles(test: TestApp): Promise<Record<Role, TestUser>> {
  const roles: Role[] = ['admin', 'secretariat', 'focal_point', 'observer', 'auditor'];
  const users = await Promise.all(roles.map((role) => signedIn(test, role, DEFAULT_MEMBER[role])));
  return Object.fromEntries(roles.map((role, index) => [role, users[index]])) as Record<Role, TestUser>;
}

export const bearer = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });

/** Turns MFA on for a signed-in user through the API (setup, then a current code); answers the secret. */
export async function enableMfa(test: TestApp, user: { token: string }): Promise<string> {
  const setup = await test.http.post('/api/v1/auth/mfa/setup').set(bearer(user)).expect(200);
  await test.http
    .post('/api/v1/auth/mfa/enable')
    .set(bearer(user))
    .send({ totp: totpAt(setup.body.secret, currentStep()) })
    .expect(200);
  return setup.body.secret;
}

/** An admin's PATCH of a user, with the user's current ETag (`status` expected). */
export const updateUser = (
  test: TestApp,
  admin: { token: string },
  userId: string,
  changes: Record<string, unknown>,
  status = 200,
) => patchCurrent(test, admin, `/api/v1/users/${userId}`, changes, status);

/** Asks, as `admin`, to deactivate the user (with the If-Match it needs), expecting `status`. */
export const deactivate = (test: TestApp, admin: { token: string }, userId: string, status: number) =>
  updateUser(test, admin, userId, { active: false }, status);

/** An API key of `user`'s, valid for a day: `{id, key}`. */
export async function createApiKey(test: TestApp, user: { token: string }): Promise<{ id: string; key: string }> {
  const created = await test.http
    .post('/api/v1/auth/api-keys')
    .set(bearer(user))
    .send({ name: 'ministry system', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })
    .expect(201);
  return created.body;
}
