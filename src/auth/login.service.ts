import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { User } from '../users/user.entity.js';
import { toUserView, type UserView } from '../users/user.view.js';
import { verifyPassword } from './passwords.js';
import { matchTotp } from './totp.js';
import { TokensService, type TokenPair } from './tokens.service.js';
import type { RequestOrigin } from '../common/request-context.js';

export const MAX_FAILED_LOGINS = 10;
export const LOCKOUT_MINUTES = 15;

type Failure = 'bad_credentials' | 'locked' | 'inactive' | 'totp_required' | 'bad_totp' | 'account_changed';

const signInFailed = () => new AppError('unauthenticated', 'Sign-in failed: check your email, password and code.');

/** Password (and TOTP) sign-in with a lockout counted in the database, so it survives restarts. */
@Injectable()
export class LoginService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: TokensService,
    private readonly dataSource: DataSource,
  ) {}

  async login(
    origin: RequestOrigin,
    email: string,
    password: string,
    totp?: string,
  ): Promise<TokenPair & { user: UserView }> {
    const user = await this.dataSource.manager
      .createQueryBuilder(User, 'u')
      .addSelect(['u.passwordHash', 'u.mfaSecret', 'u.mfaLastStep'])
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    // Always verify, so an unknown email costs the same time as a wrong password.
    const passwordOk = await verifyPassword(user?.passwordHash, password);
    if (!user) {
      await this.recordFailure(origin, null, 'bad_credentials');
      throw signInFailed();
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      await this.recordFailure(origin, user.id, 'locked');
      throw signInFailed();
    }
    if (!passwordOk) {
      await this.recordFailure(origin, user.id, 'bad_credentials', true);
      throw signInFailed();
    }
    if (!user.active) {
      await this.recordFailure(origin, user.id, 'inactive');
      throw signInFailed();
    }
    let step: number | null = null;
    if (user.mfaEnabled) {
      step = totp
        ? matchTotp(user.mfaSecret!, totp, user.mfaLastStep === null ? null : Number(user.mfaLastStep))
        : null;
      if (step === null) {
        await this.recordFailure(origin, user.id, totp ? 'bad_totp' : 'totp_required', true);
        throw signInFailed();
      }
    }
    const signedIn = await this.unitOfWork.run(origin, async (tx) => {
      // Only while the account is still as checked: a password changed or reset, a deactivation or MFA switched on
      // while the password was being verified fails this sign-in. The update waits for such a change to commit and
      // then sees it; a change that comes after ends the session this sign-in starts.
      const updated = await tx.manager.query(
        `UPDATE app_user SET failed_login_count = 0, locked_until = NULL,
           mfa_last_step = COALESCE($2, mfa_last_step)
         WHERE id = $1 AND ($2::bigint IS NULL OR mfa_last_step IS NULL OR mfa_last_step < $2::bigint)
           AND password_hash = $3 AND active AND mfa_enabled = $4`,
        [user.id, step, user.passwordHash, user.mfaEnabled],
      );
      if (updated[1] !== 1) return null; // the same code was used by a concurrent sign-in, or the above
      const pair = await this.tokens.startSession(tx.manager, user);
      tx.audit({
        action: 'auth.login_succeeded',
        entityType: 'user',
        entityId: user.id,
        changes: { method: step === null ? 'password' : 'password+totp' },
        actor: { id: user.id, role: user.role },
      });
      const { sessionId: _session, ...tokens } = pair;
      return { ...tokens, user: toUserView(user) };
    });
    if (signedIn === null) {
      await this.recordFailure(origin, user.id, 'account_changed');
      throw signInFailed();
    }
    return signedIn;
  }

  /** Writes the failure (and a lockout at the tenth) in its own committed transaction. */
  private async recordFailure(
    origin: RequestOrigin,
    userId: string | null,
    reason: Failure,
    counts = false,
  ): Promise<void> {
    await this.unitOfWork.run(origin, async (tx) => {
      tx.audit({ action: 'auth.login_failed', entityType: 'user', entityId: userId, changes: { reason }, actor: null });
      if (!userId || !counts) return;
      const [rows] = (await tx.manager.query(
        `UPDATE app_user SET failed_login_count = failed_login_count + 1 WHERE id = $1 RETURNING failed_login_count`,
        [userId],
      )) as [{ failed_login_count: number }[], number];
      const failures = rows[0]?.failed_login_count ?? 0;
      if (failures >= MAX_FAILED_LOGINS) {
        const until = new Date(Date.now() + LOCKOUT_MINUTES * 60_000);
        await tx.manager.query('UPDATE app_user SET failed_login_count = 0, locked_until = $2 WHERE id = $1', [
          userId,
          until,
        ]);
        tx.audit({
          action: 'auth.account_locked',
          entityType: 'user',
          entityId: userId,
          changes: { until: until.toISOString(), failures },
          actor: null,
        });
      }
    });
  }
}
