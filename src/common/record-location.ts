import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { SerializedAnswer } from './serialized-answer.js';

export const RECORD_ROUTE = 'rrm:record-route';
/** Carries a create operation's record route into the generated document, where `completeDocument` reads it. */
export const RECORD_ROUTE_EXTENSION = 'x-rrm-record-route';

/**
 * On a handler that creates a record with a GET route of its own: its 201 names the new record in `Location`
 * (RFC 9110 §15.3.2). `route` is that GET route as clients call it, a path on this server (the API may sit behind
 * a proxy), e.g. `/api/v1/members/:code`; each `:field` is filled from the answer's field of that name. The header
 * is set by `RecordHeadersInterceptor`, which runs for the first answer and for an idempotent replay alike, and documented
 * by `completeDocument`.
 */
export function RecordLocation(route: string): MethodDecorator {
  if (!/^\/[^\s?#]*:\w+/.test(route)) {
    throw new Error(`@RecordLocation('${route}'): expected a path such as '/api/v1/notices/:id'`);
  }
  return applyDecorators(SetMetadata(RECORD_ROUTE, route), ApiExtension(RECORD_ROUTE_EXTENSION, route));
}

/** `route` with each `:field` replaced by the record's value; undefined when the record lacks one. */
export function locationOf(route: string, record: unknown): string | undefined {
  const fields = record instanceof SerializedAnswer ? record.toJSON() : record;
  if (typeof fields !== 'object' || fields === null) return undefined;
  let complete = true;
  const location = route.replace(/:(\w+)/g, (_, name: string) => {
    const value = (fields as Record<string, unknown>)[name];
    if (typeof value === 'string' && value !== '') return encodeURIComponent(value);
    complete = false;
    return '';
  });
  return complete ? location : undefined;
}
