import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IfMatch, requireVersion } from '../common/etag.js';
import { SealedAnswer } from '../common/idempotency/idempotency.decorators.js';
import type { Caller, RequestOrigin } from '../common/request-context.js';
import { UserView } from '../users/user.view.js';
import { AccountService } from './account.service.js';
import { Allow, CurrentActor, CurrentOrigin, ManagesCredentials, Public } from './decorators.js';
import {
  ChangePasswordDto,
  ForgotPasswordDto,
  LoginDto,
  LoginView,
  MfaSetupView,
  RefreshDto,
  SetPasswordDto,
  TokenPairView,
  TotpDto,
  UpdateMeDto,
} from './dto/auth.dto.js';
import { LoginThrottle } from './guards.js';
import { LoginService } from './login.service.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
    private readonly account: AccountService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Sign in. Any failure is the same 401. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @SealedAnswer()
  signIn(@Body() input: LoginDto, @CurrentOrigin() origin: RequestOrigin): Promise<LoginView> {
    this.throttle.check(origin.ip, input.email);
    return this.login.login(origin, input.email, input.password, input.totp);
  }

  /** Trade a refresh token for a new pair; the old one stops working. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @SealedAnswer()
  refresh(@Body() input: RefreshDto, @CurrentOrigin() origin: RequestOrigin): Promise<TokenPairView> {
    return this.sessions.refresh(origin, input.refreshToken);
  }

  /** End the session the refresh token belongs to. */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @Allow('account:self')
  async logout(@CurrentActor() actor: Caller, @Body() input: RefreshDto): Promise<void> {
    await this.sessions.logout(actor, input.refreshToken);
  }

  /** End every session of the caller: all their access and refresh tokens stop working. */
  @ApiBearerAuth()
  @Post('logout-all')
  @ManagesCredentials()
  @HttpCode(204)
  @Allow('account:self')
  async logoutAll(@CurrentActor() actor: Caller): Promise<void> {
    await this.sessions.logoutEverywhere(actor);
  }

  @ApiBearerAuth()
  @Get('me')
  @Allow('account:self')
  me(@CurrentActor() actor: Caller): Promise<UserView> {
    return this.account.me(actor);
  }

  /** Change your display name or preferred language (en, fr). Needs If-Match. */
  @ApiBearerAuth()
  @Patch('me')
  @Allow('account:self')
  updateMe(
    @CurrentActor() actor: Caller,
    @Body() input: UpdateMeDto,
    @IfMatch() version: number | undefined,
  ): Promise<UserView> {
    return this.account.updateMe(actor, input, requireVersion(version));
  }

  /** Change your password; your other sessions end. */
  @ApiBearerAuth()
  @Post('password')
  @ManagesCredentials()
  @HttpCode(204)
  @Allow('account:self')
  async changePassword(@CurrentActor() actor: Caller, @Body() input: ChangePasswordDto): Promise<void> {
    this.throttle.check(actor.ip, actor.id);
    await this.account.changePassword(actor, input.currentPassword, input.newPassword);
  }

  /** Always 202, at once, whether or not the email has an account: the link is written after the answer. */
  @Public()
  @Post('forgot-password')
  @HttpCode(202)
  @SealedAnswer()
  forgotPassword(@Body() input: ForgotPasswordDto, @CurrentOrigin() origin: RequestOrigin): void {
    this.throttle.check(origin.ip, input.email);
    this.account.requestPasswordReset(input.email, origin);
  }

  /** Set a password with the single-use token from an invitation or reset email. */
  @Public()
  @Post('set-password')
  @HttpCode(204)
  @SealedAnswer()
  async setPassword(@Body() input: SetPasswordDto, @CurrentOrigin() origin: RequestOrigin): Promise<void> {
    this.throttle.check(origin.ip);
    await this.account.setPassword(input.token, input.password, origin);
  }

  /** Start TOTP enrolment; confirm with POST /auth/mfa/enable. */
  @ApiBearerAuth()
  @Post('mfa/setup')
  @ManagesCredentials()
  @HttpCode(200)
  @SealedAnswer()
  @Allow('account:self')
  setupMfa(@CurrentActor() actor: Caller): Promise<MfaSetupView> {
    return this.account.setupMfa(actor);
  }

  @ApiBearerAuth()
  @Post('mfa/enable')
  @ManagesCredentials()
  @HttpCode(200)
  @Allow('account:self')
  enableMfa(@CurrentActor() actor: Caller, @Body() input: TotpDto): Promise<UserView> {
    // A code is six digits: guesses are throttled like passwords, per account and per address.
    this.throttle.check(actor.ip, actor.id);
    return this.account.enableMfa(actor, input.totp);
  }

  @ApiBearerAuth()
  @Post('mfa/disable')
  @ManagesCredentials()
  @HttpCode(200)
  @Allow('account:self')
  disableMfa(@CurrentActor() actor: Caller, @Body() input: TotpDto): Promise<UserView> {
    this.throttle.check(actor.ip, actor.id);
    return this.account.disableMfa(actor, input.totp);
  }
}
