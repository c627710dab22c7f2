import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, type ApiPropertyOptions, type OpenAPIObject } from '@nestjs/swagger';
import { RECORD_ROUTE_EXTENSION } from './record-location.js';

const pageClasses = new Map<Type<unknown>, Type<unknown>>();

/** A named `{data: T[], nextCursor}` class for the OpenAPI document (generics do not survive to runtime). */
export function PageOf<T>(view: Type<T>): Type<{ data: T[]; nextCursor: string | null }> {
  const existing = pageClasses.get(view);
  if (existing) return existing as Type<{ data: T[]; nextCursor: string | null }>;
  class PageClass {
    @ApiProperty({ type: view, isArray: true })
    data: T[];

    @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page' })
    nextCursor: string | null;
  }
  Object.defineProperty(PageClass, 'name', { value: `${view.name.replace(/View$/, '')}Page` });
  pageClasses.set(view, PageClass);
  return PageClass;
}

/** A whole number in the OpenAPI document (TypeScript's `number` alone is documented as any number). */
export const ApiInteger = (options: ApiPropertyOptions = {}) => ApiProperty({ type: 'integer', ...options });

/** Documents a list endpoint's 200 answer as a page of `view`. */
export const ApiPage = (view: Type<unknown>) => applyDecorators(ApiOkResponse({ type: PageOf(view) }));

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable error code' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const header = (name: string, description: string, required = false) => ({
  name,
  in: 'header',
  required,
  description,
  schema: { type: 'string' },
});

const ALLOWED_ORIGIN = {
  description: "The request's Origin, when it is one of CORS_ORIGINS (browsers only)",
  schema: { type: 'string' },
};
const RECORD_HEADERS = {
  ETag: { description: "The record's version as a strong tag, for If-Match", schema: { type: 'string' } },
};

/** Headers every answer carries, and those of some statuses. */
const REQUEST_ID = {
  description: "The request's correlation id: the X-Request-Id sent, or one made for it",
  schema: { type: 'string' },
};
const REPLAYED = {
  description: 'true on an answer given again for a repeated Idempotency-Key and body',
  schema: { type: 'string', enum: ['true'] },
};
const RETRY_AFTER = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer', minimum: 1 },
};
const ANSWER_HEADERS: Record<string, Record<string, unknown>> = {
  '401': { 'WWW-Authenticate': { description: 'The scheme to authenticate with: Bearer', schema: { type: 'string' } } },
  '429': { 'Retry-After': RETRY_AFTER },
  '5XX': { 'Retry-After': { ...RETRY_AFTER, description: 'On a 503: seconds to wait before trying again' } },
};

/** The Location header of a 201 that creates a record at `route` (`@RecordLocation`). */
const locationHeader = (route: string) => ({
  required: true,
  description: `The new record's address, \`${route.replace(/:(\w+)/g, '{$1}')}\`: a path on this server`,
  schema: { type: 'string', format: 'uri-reference' },
});

/** Whether a response's JSON is a record with a `version` (which the API sends as its ETag). */
function carriesVersion(document: OpenAPIObject, response: Record<string, unknown>): boolean {
  const schema = document.components?.schemas?.[schemaNameOf(response) ?? ''];
  return Boolean(schema && 'properties' in schema && schema.properties?.version);
}

const schemaNameOf = (response: Record<string, unknown>): string | undefined =>
  (response.content as Record<string, { schema?: { $ref?: string } }> | undefined)?.['application/json']?.schema?.$ref
    ?.split('/')
    .pop();

/** Records whose answer changes without their version (ANSWERED_IN_FULL): a conditional GET of them is never a 304. */
const ANSWERED_IN_FULL_SCHEMAS = new Set(['ProposalView', 'MeetingView']);

/** Whether a successful answer comes in more than one media type, chosen by the request's Accept. */
function offersSeveralTypes(operation: Record<string, unknown>): boolean {
  const responses = (operation.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
  return ['200', '201'].some((status) => Object.keys(responses[status]?.content ?? {}).length > 1);
}

/** Marks a request body's schema, and the schemas it nests, as closed: unknown properties are a 400. */
function refuseUnknownProperties(document: OpenAPIObject, requestBody: unknown, seen = new Set<string>()): void {
  const schemas = document.components?.schemas ?? {};
  const visit = (schema: unknown): void => {
    if (!schema || typeof schema !== 'object') return;
    const node = schema as Record<string, unknown>;
    const ref = typeof node.$ref === 'string' ? node.$ref.split('/').pop()! : undefined;
    if (ref !== undefined) {
      if (seen.has(ref)) return;
      seen.add(ref);
      visit(schemas[ref]);
      return;
    }
    if (node.type === 'object' && node.properties && node.additionalProperties === undefined) {
      node.additionalProperties = false;
    }
    for (const child of Object.values((node.properties ?? {}) as Record<string, unknown>)) visit(child);
    visit(node.items);
    for (const key of ['allOf', 'oneOf', 'anyOf']) for (const part of (node[key] ?? []) as unknown[]) visit(part);
  };
  const content = (requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {};
  for (const media of Object.values(content)) visit(media.schema);
}

/**
 * Adds what every operation shares to the generated document: the problem+json error answers, the
 * X-Request-Id, Idempotency-Key and If-Match headers, the ETag of single-record answers, and the Location of
 * created records.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = PROBLEM_SCHEMA as never;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, Record<string, unknown>][]) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const parameters = (operation.parameters ??= []) as Record<string, unknown>[];
      parameters.push(header('X-Request-Id', 'Correlation id, echoed back and kept in the audit trail'));
      if (method === 'post' || method === 'put') {
        parameters.push(header('Idempotency-Key', '1..255 characters; a retry with the same key and body acts once'));
      }
      // Handlers that read If-Match (@IfMatch) document it; a PATCH requires it.
      if (method === 'patch') {
        const index = parameters.findIndex((p) => p.in === 'header' && p.name === 'If-Match');
        if (index >= 0) parameters.splice(index, 1);
        parameters.push(header('If-Match', 'ETag of the version being changed (required: 428 without it)', true));
      }
      const responses = (operation.responses ??= {}) as Record<string, Record<string, unknown>>;
      for (const status of ['200', '201']) {
        if (responses[status] && carriesVersion(document, responses[status])) {
          responses[status].headers ??= RECORD_HEADERS;
        }
      }
      const record = responses['200'];
      if (method === 'get' && record?.headers && !ANSWERED_IN_FULL_SCHEMAS.has(schemaNameOf(record) ?? '')) {
        parameters.push(header('If-None-Match', 'ETag of the version the client holds: 304 while it is current'));
        responses['304'] ??= {
          description: 'Not modified: If-None-Match names the version the client holds',
          headers: RECORD_HEADERS,
        };
      }
      const recordRoute = operation[RECORD_ROUTE_EXTENSION];
      if (typeof recordRoute === 'string') {
        delete operation[RECORD_ROUTE_EXTENSION];
        if (!responses['201']) throw new Error(`${method.toUpperCase()} ${path}: @RecordLocation without a 201 answer`);
        responses['201'].headers = { ...(responses['201'].headers ?? {}), Location: locationHeader(recordRoute) };
      }
      const api = path.startsWith('/api/v1/');
      const takesBody = method === 'post' || method === 'put' || method === 'patch';
      const writes = api && method !== 'get';
      const idempotent = api && (method === 'post' || method === 'put');
      // Every API call refuses query parameters (and bodies) it does not take.
      const expected: [boolean, string, string][] = [
        [api || takesBody || parameters.some((p) => p.in === 'query'), '400', 'The request is malformed or not valid'],
        [api || operation.security !== undefined, '401', 'No credentials, or credentials that are not valid'],
        [operation.security !== undefined, '403', 'Signed in, but not allowed to do this'],
        [path.includes('{'), '404', 'No such record, or one the caller may not see'],
        [offersSeveralTypes(operation), '406', 'None of the media types this answer comes in is acceptable (Accept)'],
        [
          writes,
          '409',
          idempotent
            ? "Conflicts with the record's state or a concurrent change, or the first request with this " +
              'Idempotency-Key is still running'
            : "Conflicts with the record's state or a concurrent change",
        ],
        [method === 'patch' || parameters.some((p) => p.name === 'If-Match'), '412', 'If-Match names a stale version'],
        // Calls open to anyone run another body under a used key as a request of its own (docs/api.md).
        [idempotent && operation.security !== undefined, '422', 'This Idempotency-Key was used with another request'],
        [method === 'patch', '428', 'If-Match is missing'],
        // Any call with a body is refused these, also one that takes none (a GET or DELETE sent a body).
        [api || takesBody, '413', 'The body is larger than 1 MB'],
        [api || takesBody, '415', 'The body is not JSON'],
        [api, '429', 'Too many requests; see Retry-After'],
      ];
      for (const [applies, status, description] of expected) {
        if (applies) responses[status] ??= problem(description);
      }
      refuseUnknownProperties(document, operation.requestBody);
      responses['4XX'] ??= problem('A problem with the request (RFC 9457)');
      responses['500'] ??= problem('An unexpected error on the server');
      responses['5XX'] ??= problem('A problem on the server (RFC 9457); 503 while the database is unavailable');
      for (const [status, response] of Object.entries(responses)) {
        const replayable = idempotent && status.startsWith('2') ? { 'Idempotent-Replayed': REPLAYED } : {};
        response.headers = {
          ...(response.headers as object),
          ...ANSWER_HEADERS[status],
          ...replayable,
          'X-Request-Id': REQUEST_ID,
          'Access-Control-Allow-Origin': ALLOWED_ORIGIN,
        };
      }
    }
  }
  return document;
}
