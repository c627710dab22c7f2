import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { fieldChanges } from '../audit/audit-actions.js';
import { AppError, notFound } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import { decodeCursor, pageSize, toPage, type Page, type PageQuery } from '../common/pagination.js';
import { MEMBER_CODE } from '../common/validation.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { User } from '../users/user.entity.js';
import {
  toMemberView,
  type CreateMemberDto,
  type FocalPointView,
  MEMBER_ROLES,
  type MemberRole,
  type MemberView,
  type UpdateMemberDto,
} from './dto/member.dto.js';
import { Member } from './member.entity.js';
import type { Caller } from '../common/request-context.js';

@Injectable()
export class MembersService {
  constructor(
    @InjectRepository(Member) private readonly members: Repository<Member>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async list(query: PageQuery & { kind?: string; active?: string }): Promise<Page<MemberView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['memberCode']);
    const builder = this.members
      .createQueryBuilder('m')
      .orderBy('m.code', 'ASC')
      .take(limit + 1);
    if (after) builder.andWhere('m.code > :after', { after: after[0] });
    if (query.kind) builder.andWhere('m.kind = :kind', { kind: query.kind });
    if (query.active) builder.andWhere('m.active = :active', { active: query.active === 'true' });
    return toPage(await builder.getMany(), limit, (m) => [m.code], toMemberView);
  }

  async get(code: string): Promise<MemberView> {
    return toMemberView(await this.find(code));
  }

  async focalPoints(code: string, query: PageQuery): Promise<Page<FocalPointView>> {
    await this.find(code);
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['name', 'id']);
    const builder = this.users
      .createQueryBuilder('u')
      .where('u.member_code = :code AND u.active AND u.role IN (:...roles)', {
        code,
        roles: MEMBER_ROLES,
      })
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .take(limit + 1);
    if (after) builder.andWhere('(u.display_name, u.id) > (:name, :id)', { name: after[0], id: after[1] });
    return toPage(
      await builder.getMany(),
      limit,
      (u) => [u.displayName, u.id],
      (u) => ({
        id: u.id,
        displayName: u.displayName,
        email: u.email,
        role: u.role as MemberRole,
        memberCode: u.memberCode!,
        preferredLanguage: u.preferredLanguage,
      }),
    );
  }

  create(actor: Caller, input: CreateMemberDto): Promise<MemberView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const existing = await tx.manager.findOneBy(Member, { code: input.code });
      if (existing) throw new AppError('duplicate', `A member with code ${input.code} already exists.`);
      // insert, never save: a racing creation must fail on the primary key, not overwrite the winner.
      await tx.manager.insert(Member, {
        code: input.code,
        name: input.name,
        kind: input.kind,
        active: input.active ?? true,
      });
      const member = await tx.manager.findOneByOrFail(Member, { code: input.code });
      const view = toMemberView(member);
      tx.audit({
        action: 'member.created',
        entityType: 'member',
        entityId: member.code,
        changes: { after: { ...view } },
      });
      return view;
    });
  }

  update(actor: Caller, code: string, input: UpdateMemberDto, expectedVersion: number): Promise<MemberView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const member = MEMBER_CODE.test(code)
        ? await tx.manager.findOne(Member, { where: { code }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!member) throw memberNotFound(code);
      assertVersion(member.version, expectedVersion);
      const before = { ...member };
      Object.assign(member, input);
      const changes = fieldChanges(before, member, ['name', 'active']);
      if (Object.keys(changes).length === 0) return toMemberView(before);
      // Its users keep reading what was shared with it before (sharing times are the server's clock too).
      if (changes.active) member.deactivatedAt = member.active ? null : new Date();
      const saved = await tx.manager.save(member);
      tx.audit({ action: 'member.updated', entityType: 'member', entityId: code, changes });
      return toMemberView(saved);
    });
  }

  private async find(code: string): Promise<Member> {
    const member = MEMBER_CODE.test(code) ? await this.members.findOneBy({ code }) : null;
    if (!member) throw memberNotFound(code);
    return member;
  }
}

/** A 404 naming the member's code when it is one; whatever else was in the path is not repeated back. */
const memberNotFound = (code: string) => notFound(MEMBER_CODE.test(code) ? `Member ${code}` : 'Member');
