import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { ApiInteger } from '../../common/openapi.js';
import type { Role } from '../../common/request-context.js';
import { IsOneLine, Present, trim } from '../../common/validation.js';
import type { Language } from '../../users/user.entity.js';
import { MEMBER_KINDS, type Member, type MemberKind } from '../member.entity.js';

export class CreateMemberDto {
  /** Upper-case code, 2 to 8 letters (ISO 3166-1 alpha-2 for states; e.g. EU, NATO). */
  @Matches(/^[A-Z]{2,8}$/, { message: 'code must be 2 to 8 upper-case letters' })
  code: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsOneLine()
  name: string;

  @IsIn(MEMBER_KINDS)
  kind: MemberKind;

  @Present()
  @IsBoolean()
  active?: boolean;
}

export class UpdateMemberDto {
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsOneLine()
  name?: string;

  @Present()
  @IsBoolean()
  active?: boolean;
}

export class MemberView {
  code: string;
  name: string;
  kind: MemberKind;
  active: boolean;
  @ApiInteger()
  version: number;
}

export const toMemberView = (member: Member): MemberView => ({
  code: member.code,
  name: member.name,
  kind: member.kind,
  active: member.active,
  version: member.version,
});

/** The roles that belong to a member or observer. */
export const MEMBER_ROLES = ['focal_point', 'observer'] as const satisfies readonly Role[];
export type MemberRole = (typeof MEMBER_ROLES)[number];

export class FocalPointView {
  id: string;
  displayName: string;
  email: string;
  @ApiProperty({ enum: MEMBER_ROLES })
  role: MemberRole;
  memberCode: string;
  preferredLanguage: Language;
}
