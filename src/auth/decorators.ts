import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { originOf, type Actor, type Caller, type RequestOrigin } from '../common/request-context.js';
import type { Permission } from './permissions.js';

export const PUBLIC_ROUTE = 'rrm:public';
export const REQUIRED_PERMISSIONS = 'rrm:permissions';

/** Open to anyone, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Manages the user's sign-in credentials (API keys, password, MFA, sessions): open to the user signed in, never to
 * an API key, so a leaked key can neither make more keys nor lock its owner out.
 */
export const CREDENTIALS_ROUTE = 'rrm:credentials';
export const ManagesCredentials = () => SetMetadata(CREDENTIALS_ROUTE, true);

/** The caller must hold every listed permission. A route with neither this nor @Public() is refused. */
export const Allow = (...permissions: Permission[]) => SetMetadata(REQUIRED_PERMISSIONS, permissions);

/** The signed-in caller, with the request they are making (its id and address, for the audit trail). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<Request & { user: Actor }>();
  return { ...request.user, ...originOf(request) };
});

/** The request's id and the client's address, for routes open to anyone (their audit events name no actor). */
export const CurrentOrigin = createParamDecorator((_: unknown, context: ExecutionContext): RequestOrigin =>
  originOf(context.switchToHttp().getRequest<Request>()),
);
