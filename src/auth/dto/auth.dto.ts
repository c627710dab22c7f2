import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ApiInteger } from '../../common/openapi.js';
import { IsInstant } from '../../common/instants.js';
import { IsOneLine, Present, trim } from '../../common/validation.js';
import { UserView } from '../../users/user.view.js';
import { LANGUAGES, type Language } from '../../users/user.entity.js';
import { NEW_PASSWORD } from '../password-policy.js';

export class LoginDto {
  @IsString()
  @MaxLength(320)
  email: string;

  @IsString()
  @MaxLength(1024)
  password: string;

  /** The current code of the authenticator, once MFA is enabled. */
  @IsOptional()
  @IsString()
  @MaxLength(10)
  totp?: string;
}

export class RefreshDto {
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class TokenPairView {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  @ApiInteger()
  expiresIn: number;
}

export class LoginView extends TokenPairView {
  user: UserView;
}

export class UpdateMeDto {
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsOneLine()
  displayName?: string;

  @Present()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty(NEW_PASSWORD)
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}

export class TotpDto {
  @IsString()
  @MaxLength(10)
  totp: string;
}

export class MfaSetupView {
  /** Base32 TOTP secret, to type into an authenticator. */
  secret: string;
  otpauthUrl: string;
}

export class ForgotPasswordDto {
  @IsString()
  @MaxLength(320)
  email: string;
}

export class SetPasswordDto {
  @IsString()
  @MaxLength(200)
  token: string;

  @ApiProperty(NEW_PASSWORD)
  @IsString()
  @MaxLength(1024)
  password: string;
}

export class CreateApiKeyDto {
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @IsOneLine()
  name: string;

  /** When the key stops working: an ISO 8601 instant with an offset, at most 366 days ahead. */
  @IsInstant()
  expiresAt: string;
}
