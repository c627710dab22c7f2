import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors/app-error.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first key that could reach an object's prototype, or null. */
export function findHostileKey(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findHostileKey(value[index], `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return field;
      const found = findHostileKey((value as Record<string, unknown>)[key], field);
      if (found) return found;
    }
  }
  return null;
}

/**
 * JSON.parse keeps "__proto__" and "constructor" as own keys, and validation whitelists do not see them:
 * they are refused before anything reads the body.
 */
export function refuseHostileKeys(request: Request, _response: Response, next: NextFunction): void {
  const field = findHostileKey(request.body);
  if (field) {
    next(
      new AppError('validation_failed', `${field}: property is not allowed`, {
        errors: [{ field, message: 'property is not allowed' }],
      }),
    );
    return;
  }
  next();
}
