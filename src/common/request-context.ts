import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Who is calling, as the audit trail and the logs need it. */
export interface Actor {
  id: string;
  role: Role;
  memberCode: string | null;
  /** Set when the call is made with an API key rather than a signed-in session. */
  apiKeyId?: string | null;
  /** Session (refresh-token family) the access token belongs to. */
  sessionId?: string | null;
}

export const ROLES = ['admin', 'secretariat', 'focal_point', 'observer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface RequestContext {
  requestId: string;
  ip: string | null;
  actor: Actor | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

export function runInContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a sane X-Request-Id or makes one, echoes it, and opens the request's context. */
export function requestContextMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.header('x-request-id');
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  (request as Request & { id: string }).id = requestId;
  response.setHeader('X-Request-Id', requestId);
  storage.run({ requestId, ip: request.ip ?? null, actor: null }, next);
}
