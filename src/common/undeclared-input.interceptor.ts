import { CallHandler, ExecutionContext, Injectable, NestInterceptor, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { invalidFields, type FieldError } from './errors/app-error.js';
import { queryOf } from './request-context.js';

interface DeclaredInput {
  body: boolean;
  query: boolean;
}

/**
 * A route that declares no body (`@Body()`) takes none, and one that declares no query (`@Query()`) takes no query
 * parameters: anything sent there is refused with 400, in the words validation uses for an unknown property of a
 * declared body, before the handler acts. A bodiless POST (`/share`, `/open`, `/cancel`…) with `{"reason": …}`
 * would otherwise succeed and silently drop what the client meant to say.
 */
@Injectable()
export class UndeclaredInputInterceptor implements NestInterceptor {
  private readonly declared = new WeakMap<object, DeclaredInput>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    // Probes and scrapers of /health and /metrics may add what they like; the API's routes may not.
    if (!request.path.startsWith('/api/')) return next.handle();
    const declared = this.declaredBy(context.getClass(), context.getHandler());
    const errors = [
      ...(declared.body ? [] : undeclaredFields(request.body)),
      ...(declared.query ? [] : undeclaredFields(queryOf(request))),
    ];
    if (errors.length > 0) throw invalidFields(errors);
    return next.handle();
  }

  private declaredBy(controller: Type, handler: { name: string }): DeclaredInput {
    let declared = this.declared.get(handler);
    if (!declared) {
      const keys = Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {});
      const takes = (type: RouteParamtypes) => keys.some((key) => key.startsWith(`${type}:`));
      declared = { body: takes(RouteParamtypes.BODY), query: takes(RouteParamtypes.QUERY) };
      this.declared.set(handler, declared);
    }
    return declared;
  }
}

function undeclaredFields(input: unknown): FieldError[] {
  if (input === undefined || input === null) return [];
  if (typeof input !== 'object' || Array.isArray(input)) {
    return [{ field: 'body', message: 'this request takes no body' }];
  }
  return Object.keys(input).map((field) => ({ field, message: `property ${field} should not exist` }));
}
