import type { LoggerService } from '@nestjs/common';
import type { RequestHandler } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from './config/app-config.js';

const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'refreshToken',
  'accessToken',
  'totp',
  'secret',
  'key',
];

/** Paths (in pino's redaction syntax) that may hold secrets: never written to a log line, at the top or one level down. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
];

/**
 * Fields of a database error that hold the values of the statement that failed (its bound parameters, and
 * PostgreSQL's detail, which quotes the key of a violated constraint): a password or key hash, a TOTP secret.
 */
const ERROR_VALUE_FIELDS = new Set(['parameters', 'detail', 'where']);

/** An error as logged: pino's standard fields (type, message, stack, code…) without the values it was about. */
export function errorWithoutValues(error: unknown): unknown {
  const strip = (value: unknown, depth: number): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    // Deeper than any error we log nests: left out rather than written unstripped.
    if (depth > 3) return '[nested]';
    if (Array.isArray(value)) return value.map((item: unknown) => strip(item, depth + 1));
    // A wrapped error (TypeORM's driverError, a cause) is serialised as pino would, then stripped the same way.
    const fields = value instanceof Error ? pino.stdSerializers.err(value) : value;
    return Object.fromEntries(
      Object.entries(fields)
        .filter(([field]) => !ERROR_VALUE_FIELDS.has(field))
        .map(([field, inner]) => [field, strip(inner, depth + 1)]),
    );
  };
  return strip(error, 0);
}

/** The process's structured JSON logger (LOG_LEVEL), secrets redacted; to standard output unless told otherwise. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { pid: process.pid, hostname: hostname(), service: 'rrm-secretariat' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: errorWithoutValues },
    },
    destination,
  );
}

/**
 * One line per request (method, path, status, time, request id; never bodies or query strings), written at
 * info: null above that level, so quieter servers skip the work altogether.
 */
export function requestLogging(logger: Logger, config: AppConfig): RequestHandler | null {
  if (!['info', 'debug', 'trace'].includes(config.logLevel)) return null;
  return pinoHttp({
    logger,
    genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id,
    serializers: {
      req: (request: IncomingMessage & { id?: string }) => ({
        id: request.id,
        method: request.method,
        // The path only: query strings may carry cursors or filters that are nobody's business in a log.
        url: request.url?.split('?')[0],
      }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      err: errorWithoutValues,
    },
    autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' || request.url === '/metrics' },
  }) as unknown as RequestHandler;
}

/**
 * Nest's log calls written through pino: the last extra argument is Nest's context (the class name); an object
 * first argument becomes fields of the line, an Error its `err`.
 */
export class StructuredLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const params = rest.slice(0, -1);
    if (rest.length > 0) fields.context = rest[rest.length - 1];
    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, ...(params as []));
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level](Object.assign(fields, message), ...(params as []));
    } else if (level === 'error' && params.length === 1 && /\n\s*at /.test(String(params[0]))) {
      // Nest's own handlers pass (message, stack, context).
      const error = new Error(String(message));
      error.stack = String(params[0]);
      this.logger.error({ ...fields, err: error });
    } else {
      this.logger[level](fields, String(message), ...(params as []));
    }
  }
}
