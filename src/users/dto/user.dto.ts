import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { NEW_PASSWORD } from '../../auth/password-policy.js';
import { IsOptionalNotNull } from '../../common/validation.js';
import { PageQuery } from '../../common/pagination.js';
import { ROLES, type Role } from '../../common/request-context.js';
import { LANGUAGES, type Language } from '../user.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @IsEmail()
  @MaxLength(320)
  email: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName: string;

  @IsIn(ROLES)
  role: Role;

  /** Required for focal points (a member) and observers (an observer organisation); absent for staff. */
  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/, { message: 'memberCode must be an upper-case member code' })
  memberCode?: string | null;

  @IsOptionalNotNull()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;

  @ApiPropertyOptional({
    ...NEW_PASSWORD,
    description: `${NEW_PASSWORD.description} Without a password, the user is mailed a single-use link to set one.`,
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(1024)
  password?: string;
}

export class UpdateUserDto {
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/, { message: 'memberCode must be an upper-case member code' })
  memberCode?: string | null;

  @IsOptionalNotNull()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;

  /** false deactivates the user: every token and key stops working at once. */
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/)
  memberCode?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}
