import { ExecutionContext, Inject, Injectable, type CanActivate } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError } from '../common/errors/app-error.js';
import { CREDENTIALS_ROUTE, PUBLIC_ROUTE, REQUIRED_PERMISSIONS } from './decorators.js';
import { hasPermission, type Permission } from './permissions.js';
import type { Principal } from './principals.js';
import { RateLimiter } from './rate-limiter.js';
import { Authenticator } from './strategies.js';

type AuthedRequest = Request & { user?: Principal };

const targets = (context: ExecutionContext) => [context.getHandler(), context.getClass()];
const isPublic = (reflector: Reflector, context: ExecutionContext) =>
  reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets(context)) === true;

/** Every route needs a valid access token or API key unless it is @Public(). */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.authenticator.authenticate(request);
    if (!principal) {
      throw new AppError('unauthenticated', 'Send a valid access token or API key: Authorization: Bearer <token>.');
    }
    request.user = principal;
    return true;
  }
}

/**
 * Deny by default: a route must declare @Allow(...) or @Public(), and the caller's role must hold every
 * permission it lists. Staff who must use MFA reach only /auth/* until they enable it.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = request.user!;
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets(context));
    if (!required || required.length === 0) throw new AppError('forbidden', 'This operation is not open to anyone.');
    if (
      this.config.mfaRequired &&
      ['admin', 'secretariat', 'auditor'].includes(principal.role) &&
      !principal.mfaEnabled &&
      !request.path.startsWith('/api/v1/auth/')
    ) {
      throw new AppError(
        'mfa_setup_required',
        'Enable multi-factor authentication (POST /api/v1/auth/mfa/setup) first.',
      );
    }
    if (!required.every((permission) => hasPermission(principal.role, permission))) {
      throw new AppError('forbidden', 'Your role does not allow this operation.');
    }
    if (principal.apiKeyId && this.reflector.getAllAndOverride<boolean>(CREDENTIALS_ROUTE, targets(context))) {
      throw new AppError(
        'forbidden',
        'An API key cannot manage keys, passwords, MFA or sessions; sign in as the user.',
      );
    }
    return true;
  }
}

/** Per user (or API key) request budget: RATE_LIMIT_PER_MINUTE. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RateLimiter(config.rateLimitPerMinute);
  }

  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthedRequest>().user;
    if (!principal) return true;
    const wait = this.limiter.take(principal.apiKeyId ? `key:${principal.apiKeyId}` : `user:${principal.id}`);
    if (wait > 0) throw new AppError('rate_limited', 'Too many requests; slow down.', { retryAfterSeconds: wait });
    return true;
  }
}

/** Sign-in and password endpoints: LOGIN_RATE_LIMIT_PER_MINUTE per IP, and the same per account. */
@Injectable()
export class LoginThrottle {
  private readonly byIp: RateLimiter;
  private readonly byAccount: RateLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.byIp = new RateLimiter(config.loginRateLimitPerMinute);
    this.byAccount = new RateLimiter(config.loginRateLimitPerMinute);
  }

  check(ip: string | null, account?: string): void {
    const wait = Math.max(
      this.byIp.take(`ip:${ip ?? 'unknown'}`),
      account ? this.byAccount.take(`account:${account.trim().toLowerCase()}`) : 0,
    );
    if (wait > 0) {
      throw new AppError('rate_limited', 'Too many attempts; wait before trying again.', { retryAfterSeconds: wait });
    }
  }
}
