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

/**
 * The request a change comes from, as its audit events record it: the request's id and the client's address.
 * Passed along explicitly rather than kept in async-local storage, whose hooks on every promise cost a quarter
 * to a third of a request's CPU on Node 20 (docs/performance.md).
 */
export interface RequestOrigin {
  requestId: string;
  ip: string | null;
}

/** A signed-in caller, with the request they are making. */
export interface Caller extends Actor, RequestOrigin {}

/** Where a change comes from: a request (signed in or not), or null for the server's own work (jobs, start-up). */
export type Origin = RequestOrigin | Caller | null;

/** The signed-in actor behind an origin, if any. */
export function actorOf(origin: Origin): Actor | null {
  return origin && 'role' in origin ? origin : null;
}

type IdentifiedRequest = Request & { id: string };

/** The request's id (set by requestIdMiddleware) and the client's address. */
export function originOf(request: Request): RequestOrigin {
  return { requestId: (request as IdentifiedRequest).id, ip: request.ip ?? null };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a sane X-Request-Id or makes one, and echoes it. */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.header('x-request-id');
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  (request as IdentifiedRequest).id = requestId;
  response.setHeader('X-Request-Id', requestId);
  next();
}

/**
 * The request's query parameters, or null when its URL has no query string. Express parses the query string
 * afresh on every read of `request.query`, so the checks every request goes through ask here first.
 */
export function queryOf(request: Request): Record<string, unknown> | null {
  return request.url.includes('?') ? (request.query as Record<string, unknown>) : null;
}
