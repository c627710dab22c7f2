import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { etagOf } from './etag.js';
import { locationOf, RECORD_ROUTE } from './record-location.js';

/**
 * Sends a record's headers, read from the answer's body: its `version` as its strong ETag on every single-record
 * response, and the new record's `Location` on a 201 of a `@RecordLocation` handler. It runs outside the
 * idempotency interceptor, so a replayed answer gets the same headers as the first.
 */
@Injectable()
export class RecordHeadersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    const route = this.reflector.get<string | undefined>(RECORD_ROUTE, context.getHandler());
    return next.handle().pipe(
      map((body) => {
        if (response.headersSent) return body;
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') response.setHeader('ETag', etagOf(version));
        // The status is the one this answer goes out with: the first answer's, or the one a replay stored.
        const location = route && response.statusCode === HttpStatus.CREATED ? locationOf(route, body) : undefined;
        if (location !== undefined) response.setHeader('Location', location);
        return body;
      }),
    );
  }
}
