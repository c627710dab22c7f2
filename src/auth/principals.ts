import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, Role } from '../common/request-context.js';
import { readRows } from '../database/sql.js';
import { PrincipalCache } from './principal-cache.js';
import { sha256 } from './secrets.js';

/** The signed-in caller as guards see it. */
export interface Principal extends Actor {
  mfaEnabled: boolean;
}

interface PrincipalRow {
  id: string;
  role: Role;
  member_code: string | null;
  mfa_enabled: boolean;
  key_id?: string;
}

const toPrincipal = (row: PrincipalRow, extra: Partial<Actor>): Principal => ({
  id: row.id,
  role: row.role,
  memberCode: row.member_code,
  mfaEnabled: row.mfa_enabled,
  apiKeyId: null,
  sessionId: null,
  ...extra,
});

/**
 * Resolves credentials to a live principal on every request, so deactivation, logout and key revocation
 * take effect at once: an API key is read from the database each time; a session's principal is kept in
 * memory until the database says it changed (PrincipalCache).
 */
@Injectable()
export class Principals {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: PrincipalCache,
  ) {}

  bySession(userId: string, sessionId: string): Promise<Principal | null> {
    return this.cache.through(`${userId} ${sessionId}`, userId, async () => {
      const rows = await readRows<PrincipalRow>(
        this.dataSource,
        `SELECT u.id, u.role, u.member_code, u.mfa_enabled FROM app_user u
         JOIN auth_session s ON s.user_id = u.id
         WHERE u.id = $1 AND s.id = $2 AND u.active AND s.revoked_at IS NULL`,
        [userId, sessionId],
        { prepare: true },
      );
      return rows[0] ? toPrincipal(rows[0], { sessionId }) : null;
    });
  }

  async byApiKey(key: string): Promise<Principal | null> {
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.role, u.member_code, u.mfa_enabled, k.id AS key_id,
              (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
       FROM api_key k JOIN app_user u ON u.id = k.user_id
       WHERE k.key_hash = $1 AND u.active AND k.revoked_at IS NULL AND k.expires_at > now()`,
      [sha256(key)],
    )) as (PrincipalRow & { stale: boolean })[];
    const row = rows[0];
    if (!row) return null;
    // "Last used" is kept to the minute, so a busy integration does not write on every call.
    if (row.stale) {
      await this.dataSource.query('UPDATE api_key SET last_used_at = now() WHERE id = $1', [row.key_id]);
    }
    return toPrincipal(row, { apiKeyId: row.key_id });
  }
}
