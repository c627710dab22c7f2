import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import type { Caller, RequestOrigin } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { User } from '../users/user.entity.js';
import { AuthSession, RefreshToken } from './session.entity.js';
import { sha256 } from './secrets.js';
import { TokensService, type TokenPair } from './tokens.service.js';

const refreshFailed = () => new AppError('unauthenticated', 'The refresh token is not valid; sign in again.');

/** Refresh-token rotation with reuse detection, logout and logout-everywhere. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: TokensService,
  ) {}

  async refresh(origin: RequestOrigin, refreshToken: string): Promise<TokenPair> {
    let reused = false;
    const pair = await this.unitOfWork.run(origin, async (tx) => {
      const token = await tx.manager.findOne(RefreshToken, {
        where: { tokenHash: sha256(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token) return null;
      const session = await tx.manager.findOneBy(AuthSession, { id: token.sessionId });
      const user = session ? await tx.manager.findOneBy(User, { id: session.userId }) : null;
      if (!session || !user || session.revokedAt || !user.active) return null;
      const actor = { id: user.id, role: user.role };
      if (token.usedAt) {
        // A rotated token came back: someone holds a copy. End the whole session.
        reused = true;
        await this.tokens.endSession(tx, session);
        tx.audit({
          action: 'auth.refresh_token_reused',
          entityType: 'session',
          entityId: session.id,
          changes: { sessionId: session.id },
          actor,
        });
        return null;
      }
      if (token.expiresAt.getTime() <= Date.now()) return null;
      await tx.manager.update(RefreshToken, { id: token.id }, { usedAt: new Date() });
      tx.audit({
        action: 'auth.token_refreshed',
        entityType: 'session',
        entityId: session.id,
        changes: { sessionId: session.id },
        actor,
      });
      return this.tokens.issue(tx.manager, user, session.id);
    });
    if (!pair)
      throw reused
        ? new AppError('unauthenticated', 'This refresh token was already used; the session has ended.')
        : refreshFailed();
    return pair;
  }

  /** Ends the session the refresh token belongs to, if it is the caller's; answers the same either way. */
  async logout(actor: Caller, refreshToken: string): Promise<void> {
    await this.unitOfWork.run(actor, async (tx) => {
      const token = await tx.manager.findOneBy(RefreshToken, { tokenHash: sha256(refreshToken) });
      const session = token ? await tx.manager.findOneBy(AuthSession, { id: token.sessionId }) : null;
      if (!session || session.userId !== actor.id || session.revokedAt) return;
      await this.tokens.endSession(tx, session);
      tx.audit({
        action: 'auth.logout',
        entityType: 'session',
        entityId: session.id,
        changes: { sessionId: session.id },
      });
    });
  }

  /** Ends every session of the caller, this one included. */
  async logoutEverywhere(actor: Caller): Promise<void> {
    await this.unitOfWork.run(actor, async (tx) => {
      const revoked = await this.tokens.revokeSessions(tx, actor.id);
      tx.audit({
        action: 'auth.logout',
        entityType: 'user',
        entityId: actor.id,
        changes: { sessionId: `all (${revoked})` },
      });
    });
  }
}
