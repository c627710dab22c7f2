import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy as CustomStrategy } from 'passport-custom';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Principals, type Principal } from './principals.js';
import { API_KEY_PREFIX } from './secrets.js';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './tokens.service.js';

/** Access tokens: HS256 only (the algorithm is pinned), our issuer and audience, a live session. */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly principals: Principals,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal | false> {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    if (!/^[0-9a-f-]{36}$/i.test(claims.sub) || !/^[0-9a-f-]{36}$/i.test(claims.sid)) return false;
    return (await this.principals.bySession(claims.sub, claims.sid)) ?? false;
  }
}

/** `Authorization: Bearer rrm_key_…`: a member system's API key, acting as its owner. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(CustomStrategy, 'api-key') {
  constructor(private readonly principals: Principals) {
    super();
  }

  async validate(request: Request): Promise<Principal | false> {
    const header = request.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !match[1].startsWith(API_KEY_PREFIX) || match[1].length > 200) return false;
    return (await this.principals.byApiKey(match[1])) ?? false;
  }
}
