import type { NextFunction, Request, Response } from 'express';
import { queryOf } from './request-context.js';
import { AppError } from './errors/app-error.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface HostileInput {
  field: string;
  message: string;
}

/** No request of this API nests deeper than a few levels; far deeper input would only exhaust the stack. */
export const MAX_NESTING = 32;

/**
 * The first part of a parsed JSON body that must never reach the application: a key that could reach an
 * object's prototype (JSON.parse keeps "__proto__" as an own key, and validation whitelists do not see it), a
 * NUL character, which PostgreSQL cannot store in text, a lone surrogate, or nesting deeper than `MAX_NESTING`.
 */
export function findHostileInput(value: unknown, path = '', depth = 0): HostileInput | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { field: path || 'body', message: 'must not contain NUL characters' };
    // Lone surrogates are not Unicode text: they cannot be stored as UTF-8, and validators choke on them.
    if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) {
      return { field: path || 'body', message: 'must be well-formed Unicode text' };
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && depth >= MAX_NESTING) {
    return { field: path || 'body', message: `must not nest more than ${MAX_NESTING} levels deep` };
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findHostileInput(value[index], path ? `${path}.${index}` : `${index}`, depth + 1);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field, message: 'property is not allowed' };
      const found = findHostileInput((value as Record<string, unknown>)[key], field, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses hostile bodies and query strings with a 400 before anything reads them. */
export function refuseHostileInput(request: Request, _response: Response, next: NextFunction): void {
  // Fields are named as validation names them: `indicators.0.value` in a body, `limit` in a query string.
  const found = findHostileInput(request.body) ?? findHostileInput(queryOf(request));
  if (found) {
    next(new AppError('validation_failed', `${found.field}: ${found.message}`, { errors: [found] }));
    return;
  }
  next();
}
