import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';

/** Paths (in pino's redaction syntax) that may hold secrets: never written to a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.totp',
  '*.secret',
  '*.key',
];

/** Structured JSON logs, one line per request, carrying the request id. Bodies are never logged. */
export function logOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      customProps: () => ({ service: 'rrm-secretariat' }),
      serializers: {
        req: (request: IncomingMessage & { id?: string; raw?: IncomingMessage }) => ({
          id: request.id,
          method: request.method,
          // The path only: query strings may carry cursors or filters that are nobody's business in a log.
          url: request.url?.split('?')[0],
        }),
        res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      },
      // The per-request line is written at info: above that level, skip the work of composing it.
      autoLogging: ['info', 'debug', 'trace'].includes(config.logLevel)
        ? { ignore: (request: IncomingMessage) => request.url === '/health' || request.url === '/metrics' }
        : false,
    },
  };
}
