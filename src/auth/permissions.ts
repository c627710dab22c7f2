import type { Role } from '../common/request-context.js';

/** What a route may require. Code checks permissions, never role names. */
export const PERMISSIONS = [
  'members:read',
  'members:manage',
  'users:manage',
  'account:self',
  'notices:read',
  'notices:create',
  'notices:triage',
  'notices:acknowledge',
  'notices:acknowledgements:read',
  'reports:read',
  'proposals:read',
  'proposals:manage',
  'proposals:reply',
  'meetings:read',
  'meetings:manage',
  'meetings:agenda',
  'meetings:attend',
  'meetings:minutes',
  'audit:read',
  'notifications:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: Permission[] = ['members:read', 'account:self', 'notices:read', 'proposals:read', 'meetings:read'];

/** The one map of which role holds which permission. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    ...EVERYONE,
    'members:manage',
    'users:manage',
    'meetings:manage',
    'meetings:agenda',
    'reports:read',
    'audit:read',
    'notifications:manage',
  ],
  secretariat: [
    ...EVERYONE,
    'notices:create',
    'notices:triage',
    'notices:acknowledgements:read',
    'reports:read',
    'proposals:manage',
    'meetings:agenda',
    'meetings:minutes',
  ],
  focal_point: [...EVERYONE, 'notices:create', 'notices:acknowledge', 'proposals:reply', 'meetings:attend'],
  observer: [...EVERYONE, 'notices:create', 'notices:acknowledge', 'meetings:attend'],
  auditor: [...EVERYONE, 'reports:read', 'audit:read'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
