import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors/app-error.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface HostileInput {
  field: string;
  message: string;
}

/**
 * The first part of a parsed JSON body that must never reach the application: a key that could reach an
 * object's prototype (JSON.parse keeps "__proto__" as an own key, and validation whitelists do not see it), or a
 * NUL character, which PostgreSQL cannot store in text, or a lone surrogate.
 */
export function findHostileInput(value: unknown, path = ''): HostileInput | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { field: path || 'body', message: 'must not contain NUL characters' };
    // Lone surrogates are not Unicode text: they cannot be stored as UTF-8, and validators choke on them.
    if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) {
      return { field: path || 'body', message: 'must be well-formed Unicode text' };
    }
    return null;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findHostileInput(value[index], `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field, message: 'property is not allowed' };
      const found = findHostileInput((value as Record<string, unknown>)[key], field);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses hostile bodies and query strings with a 400 before anything reads them. */
export function refuseHostileInput(request: Request, _response: Response, next: NextFunction): void {
  const found = findHostileInput(request.body) ?? findHostileInput(request.query, 'query');
  if (found) {
    next(new AppError('validation_failed', `${found.field}: ${found.message}`, { errors: [found] }));
    return;
  }
  next();
}
