import { ApiInteger } from '../common/openapi.js';
import type { Role } from '../common/request-context.js';
import type { Language, User } from './user.entity.js';

/** A user as the API shows it: never a hash, a secret or a lock counter. */
export class UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  memberCode: string | null;
  active: boolean;
  preferredLanguage: Language;
  mfaEnabled: boolean;
  @ApiInteger()
  version: number;
  createdAt: string;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    memberCode: user.memberCode,
    active: user.active,
    preferredLanguage: user.preferredLanguage,
    mfaEnabled: user.mfaEnabled,
    version: user.version,
    createdAt: user.createdAt.toISOString(),
  };
}
