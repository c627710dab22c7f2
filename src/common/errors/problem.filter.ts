import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { originOf } from '../request-context.js';
import { AppError, invalidFields, NOT_AN_OBJECT, type FieldError } from './app-error.js';
import { ERROR_CODES, PROBLEM_TYPE_BASE, type ErrorCode } from './error-codes.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  errors?: FieldError[];
}

const HTTP_STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'malformed_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'route_not_found',
  406: 'not_acceptable',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  428: 'precondition_required',
  429: 'rate_limited',
  503: 'service_unavailable',
};

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '53300']);

function isJson(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Turns any thrown value into an AppError: the only place where framework and driver errors are interpreted. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // Nest's Express adapter wraps body-parser errors; their own type says better what went wrong.
  const cause = error instanceof HttpException ? (error.cause as { type?: unknown } | undefined) : undefined;
  if (typeof cause?.type === 'string') return toAppError(cause);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = HTTP_STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'malformed_request');
    const response = error.getResponse();
    const message = typeof response === 'object' && response && 'message' in response ? response.message : null;
    const detail =
      status === 404 ? 'No such resource.' : typeof message === 'string' ? message : ERROR_CODES[code].title;
    return new AppError(code, detail);
  }
  const bodyParserType = (error as { type?: string })?.type;
  if (bodyParserType === 'entity.too.large') {
    return new AppError('payload_too_large', 'The request body is larger than the 1 MB limit.');
  }
  if (bodyParserType === 'entity.parse.failed') {
    // Well-formed JSON refused for not being an object or array (`null`, `"text"`, `7`): a 400 on `body`, as an
    // array is (`RequestValidationPipe`).
    if (isJson((error as { body?: unknown }).body)) return invalidFields([NOT_AN_OBJECT]);
    return new AppError('malformed_request', 'The request body is not a valid JSON object.');
  }
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') {
    return new AppError('unsupported_media_type', 'The request body encoding is not supported.');
  }
  const driverCode = (error as { code?: string })?.code;
  // TypeORM wraps driver errors; reads that go to the pg pool directly throw them as they are.
  if (error instanceof QueryFailedError || error instanceof pg.DatabaseError) {
    if (driverCode === '23505') return new AppError('duplicate', 'A record with the same unique value already exists.');
    if (driverCode === '40001' || driverCode === '40P01') {
      return new AppError('conflict', 'The record was changed by another request; retry.');
    }
    if (['22P02', '22007', '22008', '22021', '22001', '22003', '54000'].includes(driverCode ?? '')) {
      return new AppError('malformed_request', 'A value in the request has the wrong format.');
    }
  }
  const message = error instanceof Error ? error.message : '';
  if (
    (driverCode && CONNECTION_ERRORS.has(driverCode)) ||
    /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|too many clients/i.test(message)
  ) {
    return new AppError('service_unavailable', 'The service is temporarily unavailable; retry shortly.', {
      retryAfterSeconds: 5,
    });
  }
  return new AppError('internal_error', 'An unexpected error occurred.');
}

export function problemFor(error: AppError, instance: string): Problem {
  const { title } = ERROR_CODES[error.code];
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code.replace(/_/g, '-')}`,
    title,
    status: error.status,
    detail: error.detail,
    instance,
    code: error.code,
    ...(error.extras.errors ? { errors: error.extras.errors } : {}),
  };
}

/** Renders every error as RFC 9457 application/problem+json, without stack traces or internal names. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const error = toAppError(exception);
    if (error.status >= 500) {
      this.logger.error({ err: exception, code: error.code, requestId: originOf(request).requestId }, 'request failed');
    }
    sendProblem(request, response, error);
  }
}

/** Answers `error` as problem+json, with the headers its status calls for (Retry-After, WWW-Authenticate). */
export function sendProblem(request: Request, response: Response, error: AppError): void {
  if (response.headersSent) return;
  if (error.extras.retryAfterSeconds !== undefined) {
    response.setHeader('Retry-After', String(error.extras.retryAfterSeconds));
  }
  // RFC 9110: a 401 names the scheme that would get through.
  if (error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="rrm"');
  response
    .status(error.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemFor(error, (request.originalUrl ?? request.url).split('?')[0])));
}

/** The last handler: a path nothing serves, outside the API's prefix too (`/foo`, `/api/v2/…`), is a problem+json 404. */
export function unknownRoute(request: Request, response: Response): void {
  sendProblem(request, response, new AppError('route_not_found', 'No such resource.'));
}
