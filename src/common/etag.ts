import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from './errors/app-error.js';

/**
 * A record's strong ETag: its version, and, for a reader shown less than the whole record (`ETAG_VARIANT`), a
 * fingerprint of what was left out. A representation that differs by reader or by what the reader may see since
 * then must not share a tag with another (RFC 9110), or a conditional GET would answer 304 for a stale copy.
 */
export const etagOf = (version: number, variant?: string) => `"${version}${variant ? `-${variant}` : ''}"`;

/** Set (not enumerated, so never serialised) on an answer shown to its reader in part: its ETag's variant. */
export const ETAG_VARIANT = Symbol('etagVariant');

/** Parses an If-Match header holding one strong ETag made by etagOf (the version is what it names). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*"(\d{1,9})(?:-[0-9a-f]{1,16})?"\s*$/.exec(header) ?? /^\s*(\d{1,9})\s*$/.exec(header);
  if (!match) {
    throw new AppError('precondition_failed', 'If-Match does not name a current version of this record.');
  }
  return Number(match[1]);
}

/** Puts If-Match in the OpenAPI document of the handler that reads it (the document makes it required on PATCH). */
const documentIfMatch: ParameterDecorator = (target, key) => {
  if (key === undefined) return;
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag of the version expected (optional: 412 when stale)',
  })(target, key, Object.getOwnPropertyDescriptor(target, key)!);
};

/** The version the client expects (from If-Match), or undefined when the header is absent; documented as a header. */
export const IfMatch = createParamDecorator(
  (_: unknown, context: ExecutionContext) =>
    parseIfMatch(context.switchToHttp().getRequest<Request>().header('if-match')),
  [documentIfMatch],
);

/** PATCH needs If-Match: 428 without it. */
export function requireVersion(expected: number | undefined): number {
  if (expected === undefined) {
    throw new AppError('precondition_required', 'Send If-Match with the ETag of the version you are changing.');
  }
  return expected;
}

/** 412 when the client's version is not the stored one. `expected` undefined means "no precondition". */
export function assertVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new AppError(
      'precondition_failed',
      `The record is at version ${current}, not ${expected}; fetch it again before changing it.`,
    );
  }
}
