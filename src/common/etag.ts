import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from './errors/app-error.js';

/** A record's strong ETag: its version, as the contract has it. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * Set (not enumerated, so never serialised) on a record whose answer can change while its version stays: a
 * proposal's tally, links left out for what the reader may see, a meeting that is held once it has ended. Its
 * ETag is still its version (for If-Match), but a conditional GET gets the whole answer, never a 304 that would
 * keep a stale copy. The OpenAPI document names the views so marked (`ANSWERED_IN_FULL_SCHEMAS` in openapi.ts).
 */
export const ANSWERED_IN_FULL = Symbol('answeredInFull');

/** Marks `view` as answered in full (see ANSWERED_IN_FULL) and gives it back. */
export function answeredInFull<T extends object>(view: T): T {
  return Object.defineProperty(view, ANSWERED_IN_FULL, { value: true, enumerable: false });
}

export const isAnsweredInFull = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && ANSWERED_IN_FULL in body;

/** Parses an If-Match header holding one strong ETag made by etagOf (the version is what it names). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*"(\d{1,9})"\s*$/.exec(header) ?? /^\s*(\d{1,9})\s*$/.exec(header);
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
