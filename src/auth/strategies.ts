import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import type { Request, Response } from 'express';
import passport from 'passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import { Strategy as JwtStrategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Principals, type Principal } from './principals.js';
import { API_KEY_PREFIX } from './secrets.js';
import { VerifiedTokens } from './verified-tokens.js';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './tokens.service.js';

const UUID = /^[0-9a-f-]{36}$/i;
const BEARER = /^Bearer\s+(\S+)$/i;

/** The credential of `Authorization: Bearer <credential>`, or null when the header is missing or not of that form. */
function bearerCredential(request: Request): string | null {
  const match = BEARER.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

/**
 * Resolves the bearer credential of a request with passport: an API key (`rrm_key_…`) or an access JWT
 * (HS256 only — the algorithm is pinned —, our issuer and audience, a live session). The credential's form
 * picks the one strategy that can accept it. A JWT verified once is remembered until it expires
 * (VerifiedTokens), so later requests with it only look its session up. Each application owns its own
 * Passport instance, so two applications in one process never share strategies.
 */
@Injectable()
export class Authenticator {
  private readonly passport = new passport.Passport();
  private readonly verified = new VerifiedTokens();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly principals: Principals,
  ) {
    this.passport.use(
      'jwt',
      new JwtStrategy(
        {
          jwtFromRequest: bearerCredential,
          // A KeyObject: given a string, the verifier would parse it as a public key first on every request.
          secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as never,
          algorithms: [JWT_ALGORITHM],
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          passReqToCallback: true,
        },
        (
          request: Request,
          claims: AccessTokenClaims & { exp?: unknown },
          done: (error: unknown, user?: Principal | false) => void,
        ) => {
          // Every token this service issues expires: one without `exp` was not made here, whatever its signature.
          if (typeof claims.exp !== 'number') return done(null, false);
          if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return done(null, false);
          if (!UUID.test(claims.sub) || !UUID.test(claims.sid)) return done(null, false);
          this.verified.remember(bearerCredential(request)!, { sub: claims.sub, sid: claims.sid, exp: claims.exp });
          this.principals.bySession(claims.sub, claims.sid).then((principal) => done(null, principal ?? false), done);
        },
      ),
    );
    this.passport.use(
      'api-key',
      new CustomStrategy((request, done) => {
        const key = bearerCredential(request);
        if (key === null || key.length > 200) return done(null, false);
        this.principals.byApiKey(key).then((principal) => done(null, principal ?? false), done);
      }),
    );
  }

  /** The principal behind the request's credentials, or null when there are none or they are not valid. */
  async authenticate(request: Request): Promise<Principal | null> {
    const credential = bearerCredential(request);
    if (credential === null) return null;
    if (credential.startsWith(API_KEY_PREFIX)) return this.viaPassport('api-key', request);
    const known = this.verified.recall(credential);
    if (known !== null) return this.principals.bySession(known.sub, known.sid);
    return this.viaPassport('jwt', request);
  }

  private viaPassport(strategy: 'api-key' | 'jwt', request: Request): Promise<Principal | null> {
    return new Promise((resolve, reject) => {
      const handler = this.passport.authenticate(
        strategy,
        { session: false },
        (error: unknown, principal: Principal | false) => (error ? reject(error) : resolve(principal || null)),
      );
      handler(request, {} as Response, reject);
    });
  }
}
