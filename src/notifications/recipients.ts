import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryOn } from '../database/sql.js';
import type { MemberKind } from '../members/member.entity.js';
import type { Language } from '../users/user.entity.js';

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  preferredLanguage: Language;
  memberCode: string;
  role: 'focal_point' | 'observer';
}

/** A recipient with the kind of its member, for rules that pick members by kind (e.g. audiences). */
export interface MemberRecipient extends Recipient {
  memberKind: MemberKind;
}

/** Who hears about what: the active focal points (and observer representatives) of active members. */
@Injectable()
export class Recipients {
  /** Active focal points / observers of the given member codes (only active members count). */
  async ofMembers(manager: EntityManager, memberCodes: string[]): Promise<Recipient[]> {
    return memberCodes.length === 0 ? [] : this.query(manager, memberCodes);
  }

  /** Every active focal point and observer of every active member or observer state, with its member's kind. */
  ofActiveMembers(manager: EntityManager): Promise<MemberRecipient[]> {
    return this.query(manager, null);
  }

  /** Active focal points and observers of active members: of `memberCodes` only, unless null. */
  private query(manager: EntityManager, memberCodes: string[] | null): Promise<MemberRecipient[]> {
    return queryOn(
      manager,
      `SELECT u.id AS "userId", u.email, u.display_name AS "displayName", u.preferred_language AS "preferredLanguage",
              u.member_code AS "memberCode", u.role, m.kind AS "memberKind"
       FROM app_user u JOIN member m ON m.code = u.member_code
       WHERE u.active AND m.active AND u.role IN ('focal_point', 'observer')
         AND ($1::varchar[] IS NULL OR u.member_code = ANY($1))
       ORDER BY u.member_code, u.email`,
      [memberCodes],
      { prepare: true },
    );
  }

  /** Every active focal point of every active G7 member (not observers). */
  async ofAllMembers(manager: EntityManager): Promise<Recipient[]> {
    const codes = (await manager.query(`SELECT code FROM member WHERE active AND kind = 'member'`)) as {
      code: string;
    }[];
    return this.ofMembers(
      manager,
      codes.map((row) => row.code),
    );
  }

  /** Active secretariat staff, who hear about submissions waiting for triage. */
  async secretariat(manager: EntityManager): Promise<Omit<Recipient, 'memberCode' | 'role'>[]> {
    return manager.query(
      `SELECT id AS "userId", email, display_name AS "displayName", preferred_language AS "preferredLanguage"
       FROM app_user WHERE active AND role = 'secretariat' ORDER BY email`,
    );
  }
}
