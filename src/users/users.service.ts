import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { fieldChanges } from '../audit/audit-actions.js';
import { AccountService } from '../auth/account.service.js';
import { passwordProblem } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import { TokensService } from '../auth/tokens.service.js';
import { AppError, notFound, validationFailed } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import { pageByTime, type Page } from '../common/pagination.js';
import type { Caller, Role } from '../common/request-context.js';
import { holdUserStanding } from '../database/caller-standing.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Member } from '../members/member.entity.js';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto.js';
import { activeAdminsUnderLock } from './admin-roster.js';
import { User } from './user.entity.js';
import { toUserView, type UserView } from './user.view.js';

/** Which kind of member a role belongs to; staff roles belong to none. */
const MEMBER_KIND_OF_ROLE: Record<Role, 'member' | 'observer' | null> = {
  focal_point: 'member',
  observer: 'observer',
  admin: null,
  secretariat: null,
  auditor: null,
};

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly account: AccountService,
    private readonly tokens: TokensService,
  ) {}

  async list(query: ListUsersQuery): Promise<Page<UserView>> {
    const builder = this.dataSource.manager.createQueryBuilder(User, 'u');
    if (query.role) builder.andWhere('u.role = :role', { role: query.role });
    if (query.memberCode) builder.andWhere('u.member_code = :code', { code: query.memberCode });
    if (query.active) builder.andWhere('u.active = :active', { active: query.active === 'true' });
    if (query.email) builder.andWhere('u.email = :email', { email: query.email.toLowerCase() });
    return pageByTime(builder, { column: 'created_at', time: (u) => u.createdAt, order: 'ASC' }, query, toUserView);
  }

  async get(id: string): Promise<UserView> {
    const user = await this.dataSource.manager.findOneBy(User, { id });
    if (!user) throw notFound('User');
    return toUserView(user);
  }

  create(actor: Caller, input: CreateUserDto): Promise<UserView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const email = input.email.trim().toLowerCase();
      const memberCode = input.memberCode ?? null;
      await this.checkRoleAndMember(tx.manager, input.role, memberCode);
      if (input.password !== undefined) {
        const problem = passwordProblem(input.password, email);
        if (problem) throw validationFailed('password', problem);
      }
      if (await tx.manager.existsBy(User, { email })) {
        throw new AppError('duplicate', 'A user with this email already exists.');
      }
      const user = await tx.manager.save(
        tx.manager.create(User, {
          email,
          displayName: input.displayName,
          role: input.role,
          memberCode,
          preferredLanguage: input.preferredLanguage ?? 'en',
          passwordHash: input.password === undefined ? null : await hashPassword(input.password),
          active: true,
        }),
      );
      const view = toUserView(user);
      tx.audit({ action: 'user.created', entityType: 'user', entityId: user.id, changes: { after: { ...view } } });
      if (input.password === undefined) await this.account.issuePasswordLink(tx, user, 'invitation');
      return view;
    });
  }

  update(actor: Caller, id: string, input: UpdateUserDto, expectedVersion: number): Promise<UserView> {
    return this.unitOfWork.run(actor, async (tx) => {
      // First, before the user's row: their writes under way finish, or later ones see this change.
      await holdUserStanding(tx.manager, id);
      const user = await tx.manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User');
      assertVersion(user.version, expectedVersion);
      const before = { ...user };
      Object.assign(user, input);
      // A new role or member, or access given back, needs a member that is active, as a new account does.
      if (input.role !== undefined || input.memberCode !== undefined || (user.active && !before.active)) {
        if (input.role !== undefined && input.memberCode === undefined && MEMBER_KIND_OF_ROLE[input.role] === null) {
          user.memberCode = null; // becoming staff leaves the member
        }
        await this.checkRoleAndMember(tx.manager, user.role, user.memberCode);
      }
      const changes = fieldChanges(before, user, ['displayName', 'role', 'memberCode', 'preferredLanguage', 'active']);
      if (Object.keys(changes).length === 0) return toUserView(before);
      if (before.role === 'admin' && before.active && (!user.active || user.role !== 'admin')) {
        if ((await activeAdminsUnderLock(tx.manager)) <= 1)
          throw new AppError('invalid_state', 'The last active admin cannot be removed or deactivated.');
      }
      const saved = await tx.manager.save(user);
      if (!user.active || before.role !== user.role || before.memberCode !== user.memberCode) {
        // Cut off at once: open sessions end, and API keys, made for what the user was, are revoked (a
        // reactivated user, or one with a new role or member, makes new ones).
        if (!user.active) {
          // Nor does a set-password link sent before bring the account back once it is reactivated.
          await tx.manager.query('UPDATE password_token SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [
            user.id,
          ]);
        }
        const sessionsRevoked = await this.tokens.revokeSessions(tx, user.id);
        if (sessionsRevoked > 0) {
          tx.audit({ action: 'auth.sessions_revoked', entityType: 'user', entityId: id, changes: { sessionsRevoked } });
        }
        await this.tokens.revokeApiKeys(tx, user.id);
      }
      const deactivated = before.active && !user.active;
      tx.audit({
        action: deactivated ? 'user.deactivated' : 'user.updated',
        entityType: 'user',
        entityId: id,
        changes,
      });
      return toUserView(saved);
    });
  }

  private async checkRoleAndMember(manager: EntityManager, role: Role, memberCode: string | null): Promise<void> {
    const kind = MEMBER_KIND_OF_ROLE[role];
    if (kind === null) {
      if (memberCode !== null) throw validationFailed('memberCode', `must be absent for the ${role} role`);
      return;
    }
    if (memberCode === null) throw validationFailed('memberCode', `is required for the ${role} role`);
    const member = await manager.findOneBy(Member, { code: memberCode });
    if (!member) throw validationFailed('memberCode', `${memberCode} is not a known member`);
    if (member.kind !== kind) {
      throw validationFailed(
        'memberCode',
        `the ${role} role needs a member of kind ${kind}; ${memberCode} is of kind ${member.kind}`,
      );
    }
    if (!member.active) throw validationFailed('memberCode', `${memberCode} is not active`);
  }
}
