import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { NEW_PASSWORD } from '../../auth/password-policy.js';
import { IsOneLine, Present, trim } from '../../common/validation.js';
import { PageQuery } from '../../common/pagination.js';
import { ROLES, type Role } from '../../common/request-context.js';
import { LANGUAGES, type Language } from '../user.entity.js';

export class CreateUserDto {
  @IsEmail()
  @MaxLength(320)
  email: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsOneLine()
  displayName: string;

  @IsIn(ROLES)
  role: Role;

  /** Required for focal points (a member) and observers (an observer organisation); absent for staff. */
  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/, { message: 'memberCode must be an upper-case member code' })
  memberCode?: string | null;

  @Present()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;

  @ApiPropertyOptional({
    ...NEW_PASSWORD,
    description: `${NEW_PASSWORD.description} Without a password, the user is mailed a single-use link to set one.`,
  })
  @Present()
  @IsString()
  @MaxLength(1024)
  password?: string;
}

export class UpdateUserDto {
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsOneLine()
  displayName?: string;

  @Present()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/, { message: 'memberCode must be an upper-case member code' })
  memberCode?: string | null;

  @Present()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;

  /** false deactivates the user: every token and key stops working at once. */
  @Present()
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @Present()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/, { message: 'memberCode must be an upper-case member code' })
  memberCode?: string;

  @ApiPropertyOptional()
  @Present()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  /** The user with this email address, whatever its case. */
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 320)
  email?: string;
}
