import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../common/request-context.js';
import type { Permission } from './permissions.js';

export const PUBLIC_ROUTE = 'rrm:public';
export const REQUIRED_PERMISSIONS = 'rrm:permissions';

/** Open to anyone, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The caller must hold every listed permission. A route with neither this nor @Public() is refused. */
export const Allow = (...permissions: Permission[]) => SetMetadata(REQUIRED_PERMISSIONS, permissions);

/** The signed-in caller. */
export const CurrentActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest<Request & { user: Actor }>().user,
);
