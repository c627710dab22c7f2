import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccountService } from './account.service.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthController } from './auth.controller.js';
import { FirstAdmin } from './first-admin.js';
import { AuthenticationGuard, LoginThrottle, PermissionsGuard, RateLimitGuard } from './guards.js';
import { LoginService } from './login.service.js';
import { SetPasswordPageController } from './pages/set-password-page.controller.js';
import { PrincipalCache } from './principal-cache.js';
import { Principals } from './principals.js';
import { SessionsService } from './sessions.service.js';
import { Authenticator } from './strategies.js';
import { TokensService } from './tokens.service.js';

@Module({
  imports: [JwtModule.register({})],
  controllers: [AuthController, ApiKeysController, SetPasswordPageController],
  providers: [
    AccountService,
    ApiKeysService,
    FirstAdmin,
    LoginService,
    LoginThrottle,
    PrincipalCache,
    Principals,
    SessionsService,
    TokensService,
    Authenticator,
    // Order matters: who you are, then whether you are over budget, then what you may do.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: PermissionsGuard },
  ],
  exports: [AccountService, TokensService],
})
export class AuthModule {}
