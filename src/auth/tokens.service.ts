import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Transaction } from '../database/unit-of-work.js';
import type { User } from '../users/user.entity.js';
import { PrincipalCache } from './principal-cache.js';
import { AuthSession, RefreshToken } from './session.entity.js';
import { newSecret, REFRESH_TOKEN_PREFIX, sha256 } from './secrets.js';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_DAYS = 14;
export const JWT_ISSUER = 'rrm-secretariat';
export const JWT_AUDIENCE = 'rrm-api';
export const JWT_ALGORITHM = 'HS256';

export interface AccessTokenClaims {
  sub: string;
  role: string;
  member: string | null;
  sid: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Issues access JWTs and rotating refresh tokens, one session (token family) per sign-in. */
@Injectable()
export class TokensService {
  private readonly signingKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly principals: PrincipalCache,
  ) {
    this.signingKey = createSecretKey(Buffer.from(config.jwtSecret));
  }

  async startSession(manager: EntityManager, user: User): Promise<TokenPair & { sessionId: string }> {
    const session = await manager.save(manager.create(AuthSession, { userId: user.id, revokedAt: null }));
    return { ...(await this.issue(manager, user, session.id)), sessionId: session.id };
  }

  async issue(manager: EntityManager, user: User, sessionId: string): Promise<TokenPair> {
    const refreshToken = newSecret(REFRESH_TOKEN_PREFIX);
    await manager.insert(RefreshToken, {
      sessionId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000),
      usedAt: null,
    });
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, member: user.memberCode, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims, {
      privateKey: this.signingKey as never,
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: ACCESS_TOKEN_SECONDS,
    });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_SECONDS };
  }

  /** Ends one session of a user (logout, or a rotated refresh token presented again). */
  async endSession(tx: Transaction, session: Pick<AuthSession, 'id' | 'userId'>): Promise<void> {
    this.principals.forgetOnCommit(tx, session.userId);
    await tx.manager.update(AuthSession, { id: session.id }, { revokedAt: new Date() });
  }

  /** Revokes sessions of a user (all, or all but one); returns how many were open. */
  async revokeSessions(tx: Transaction, userId: string, exceptSessionId: string | null = null): Promise<number> {
    this.principals.forgetOnCommit(tx, userId);
    const result = await tx.manager.query(
      `UPDATE auth_session SET revoked_at = now()
       WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid) RETURNING id`,
      [userId, exceptSessionId],
    );
    return (result[0] as unknown[]).length;
  }

  /** Revokes every live API key of the user, each with its audit event. */
  async revokeApiKeys(tx: Transaction, userId: string): Promise<void> {
    const [revoked] = (await tx.manager.query(
      'UPDATE api_key SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id, name',
      [userId],
    )) as [{ id: string; name: string }[], number];
    for (const key of revoked) {
      tx.audit({
        action: 'auth.api_key_revoked',
        entityType: 'api_key',
        entityId: key.id,
        changes: { name: key.name },
      });
    }
  }
}
