import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { fieldChanges } from '../audit/audit-actions.js';
import { AppError, validationFailed } from '../common/errors/app-error.js';
import type { Actor, Caller, RequestOrigin } from '../common/request-context.js';
import { Transaction, UnitOfWork } from '../database/unit-of-work.js';
import { AccountMail } from '../notifications/account-mail.js';
import { User, type Language } from '../users/user.entity.js';
import { toUserView, type UserView } from '../users/user.view.js';
import { PasswordToken, type PasswordTokenPurpose } from './password-token.entity.js';
import { passwordProblem } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { PrincipalCache } from './principal-cache.js';
import { newSecret, PASSWORD_TOKEN_PREFIX, sha256 } from './secrets.js';
import { TokensService } from './tokens.service.js';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.js';

export const PASSWORD_TOKEN_HOURS = 72;

/** The caller's own account: profile, password, MFA; and the set-password links. */
@Injectable()
export class AccountService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Account');
  /** Password resets asked for and not yet written: shutting down waits for them. */
  private readonly resetsUnderWay = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: TokensService,
    private readonly mail: AccountMail,
    private readonly principals: PrincipalCache,
  ) {}

  async me(actor: Actor): Promise<UserView> {
    return toUserView(await this.dataSource.manager.findOneByOrFail(User, { id: actor.id }));
  }

  updateMe(actor: Caller, input: { displayName?: string; preferredLanguage?: Language }, expected?: number) {
    return this.unitOfWork.run(actor, async (tx) => {
      const user = await this.lockUser(tx.manager, actor.id);
      if (expected !== undefined && expected !== user.version) {
        throw new AppError('precondition_failed', `Your account is at version ${user.version}, not ${expected}.`);
      }
      const before = { ...user };
      Object.assign(user, input);
      const changes = fieldChanges(before, user, ['displayName', 'preferredLanguage']);
      if (Object.keys(changes).length === 0) return toUserView(before);
      const saved = await tx.manager.save(user);
      tx.audit({ action: 'user.updated', entityType: 'user', entityId: user.id, changes });
      return toUserView(saved);
    });
  }

  changePassword(actor: Caller, currentPassword: string, newPassword: string): Promise<void> {
    return this.unitOfWork.run(actor, async (tx) => {
      const user = await this.lockUser(tx.manager, actor.id, true);
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        throw validationFailed('currentPassword', 'is not your current password');
      }
      const problem = passwordProblem(newPassword, user.email);
      if (problem) throw validationFailed('newPassword', problem);
      await tx.manager.update(User, { id: user.id }, { passwordHash: await hashPassword(newPassword) });
      const revoked = await this.tokens.revokeSessions(tx, user.id, actor.sessionId ?? null);
      tx.audit({
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: user.id,
        changes: { sessionsRevoked: revoked },
      });
      this.mail.passwordChanged(tx, user);
    });
  }

  /** Issues a single-use set-password link and queues its email, inside the caller's transaction. */
  async issuePasswordLink(tx: Transaction, user: User, purpose: PasswordTokenPurpose): Promise<void> {
    const token = newSecret(PASSWORD_TOKEN_PREFIX);
    // A new link replaces any earlier one still unused; links asked for at the same moment take turns (the user's
    // row, locked), so each finds the one before it and only the last stays usable.
    await tx.manager.query('SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE', [user.id]);
    await tx.manager.update(PasswordToken, { userId: user.id, usedAt: IsNull() }, { usedAt: new Date() });
    await tx.manager.insert(PasswordToken, {
      userId: user.id,
      purpose,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + PASSWORD_TOKEN_HOURS * 3_600_000),
      usedAt: null,
    });
    this.mail.passwordLink(tx, user, purpose, token);
  }

  /**
   * Starts `forgotPassword` and answers at once: the caller is told the same thing, as fast, whether the email has
   * an account or not (waiting for the link to be written would let its time tell). A failure is logged, without
   * the address; shutting down waits for resets under way.
   */
  requestPasswordReset(email: string, origin: RequestOrigin): void {
    const reset = this.forgotPassword(email, origin)
      .catch((error: unknown) => {
        this.logger.error(`A password reset could not be prepared: ${error instanceof Error ? error.message : error}`);
      })
      .finally(() => this.resetsUnderWay.delete(reset));
    this.resetsUnderWay.add(reset);
  }

  /** Before the database closes (`onApplicationShutdown` of its module). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.resetsUnderWay);
  }

  /** Writes a reset link for an active account with this email, and its email; nothing for any other address. */
  private async forgotPassword(email: string, origin: RequestOrigin): Promise<void> {
    await this.unitOfWork.run(origin, async (tx) => {
      const user = await tx.manager.findOneBy(User, { email: email.trim().toLowerCase() });
      if (!user || !user.active) return;
      await this.issuePasswordLink(tx, user, 'reset');
      tx.audit({
        action: 'auth.password_reset_requested',
        entityType: 'user',
        entityId: user.id,
        changes: null,
        actor: null,
      });
    });
  }

  setPassword(token: string, password: string, origin: RequestOrigin): Promise<void> {
    return this.unitOfWork.run(origin, async (tx) => {
      const link = await tx.manager.findOne(PasswordToken, {
        where: { tokenHash: sha256(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!link || link.usedAt || link.expiresAt.getTime() <= Date.now()) {
        throw validationFailed('token', 'is invalid, used or expired; ask for a new link');
      }
      const user = await this.lockUser(tx.manager, link.userId);
      if (!user.active) throw validationFailed('token', 'is invalid, used or expired; ask for a new link');
      const problem = passwordProblem(password, user.email);
      if (problem) throw validationFailed('password', problem);
      await tx.manager.update(PasswordToken, { id: link.id }, { usedAt: new Date() });
      await tx.manager.update(
        User,
        { id: user.id },
        {
          passwordHash: await hashPassword(password),
          failedLoginCount: 0,
          lockedUntil: null,
        },
      );
      await this.tokens.revokeSessions(tx, user.id);
      tx.audit({
        action: 'auth.password_set',
        entityType: 'user',
        entityId: user.id,
        changes: { purpose: link.purpose },
        actor: { id: user.id, role: user.role },
      });
    });
  }

  /** Starts MFA enrolment: a new secret waits until a code from it is confirmed. */
  setupMfa(actor: Caller): Promise<{ secret: string; otpauthUrl: string }> {
    return this.unitOfWork.run(actor, async (tx) => {
      const user = await this.lockUser(tx.manager, actor.id);
      if (user.mfaEnabled) throw new AppError('invalid_state', 'MFA is already enabled; disable it first.');
      const secret = newTotpSecret();
      await tx.manager.update(User, { id: user.id }, { mfaPendingSecret: secret });
      // The secret is the caller's alone: the event says a setup began, never what it holds.
      tx.audit({ action: 'auth.mfa_setup_started', entityType: 'user', entityId: user.id, changes: null });
      return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
    });
  }

  enableMfa(actor: Caller, totp: string): Promise<UserView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const user = await this.lockUser(tx.manager, actor.id, true);
      if (user.mfaEnabled) throw new AppError('invalid_state', 'MFA is already enabled.');
      if (!user.mfaPendingSecret) throw new AppError('invalid_state', 'Call POST /auth/mfa/setup first.');
      const step = matchTotp(user.mfaPendingSecret, totp, null);
      if (step === null) throw validationFailed('totp', 'is not the current code of your authenticator');
      await tx.manager.update(
        User,
        { id: user.id },
        {
          mfaEnabled: true,
          mfaSecret: user.mfaPendingSecret,
          mfaPendingSecret: null,
          mfaLastStep: String(step),
          version: user.version + 1,
        },
      );
      this.principals.forgetOnCommit(tx, user.id);
      // Sessions signed in with the password alone end: from now on every session of this user has passed MFA.
      const revoked = await this.tokens.revokeSessions(tx, user.id, actor.sessionId ?? null);
      tx.audit({
        action: 'auth.mfa_enabled',
        entityType: 'user',
        entityId: user.id,
        changes: { sessionsRevoked: revoked },
      });
      this.mail.mfaChanged(tx, user, true);
      return toUserView({ ...user, mfaEnabled: true, version: user.version + 1 });
    });
  }

  disableMfa(actor: Caller, totp: string): Promise<UserView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const user = await this.lockUser(tx.manager, actor.id, true);
      if (!user.mfaEnabled) throw new AppError('invalid_state', 'MFA is not enabled.');
      const step = matchTotp(user.mfaSecret!, totp, user.mfaLastStep === null ? null : Number(user.mfaLastStep));
      if (step === null) throw validationFailed('totp', 'is not the current code of your authenticator');
      await tx.manager.update(
        User,
        { id: user.id },
        {
          mfaEnabled: false,
          mfaSecret: null,
          mfaLastStep: null,
          version: user.version + 1,
        },
      );
      this.principals.forgetOnCommit(tx, user.id);
      tx.audit({ action: 'auth.mfa_disabled', entityType: 'user', entityId: user.id, changes: null });
      this.mail.mfaChanged(tx, user, false);
      return toUserView({ ...user, mfaEnabled: false, version: user.version + 1 });
    });
  }

  private async lockUser(manager: EntityManager, id: string, withSecrets = false): Promise<User> {
    const builder = manager.createQueryBuilder(User, 'u').where('u.id = :id', { id }).setLock('pessimistic_write');
    if (withSecrets) builder.addSelect(['u.passwordHash', 'u.mfaSecret', 'u.mfaPendingSecret', 'u.mfaLastStep']);
    else builder.addSelect(['u.mfaPendingSecret']);
    const user = await builder.getOne();
    if (!user) throw new AppError('unauthenticated', 'Your account no longer exists.');
    return user;
  }
}
