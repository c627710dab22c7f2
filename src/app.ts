import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import { json, type NextFunction, type Request, type Response } from 'express';
import cors from 'cors';
import { isUtf8 } from 'node:buffer';
import { AppModule } from './app.module.js';
import openApiMetadata from './metadata.js';
import { AppError, invalidFields, NOT_AN_OBJECT, type FieldError } from './common/errors/app-error.js';
import { ProblemFilter, unknownRoute } from './common/errors/problem.filter.js';
import { refuseHostileInput } from './common/hostile-input.js';
import { inSequence } from './common/in-sequence.js';
import { JsonAnswersAdapter } from './common/json-answers.js';
import { completeDocument } from './common/openapi.js';
import { queryOf, requestIdMiddleware } from './common/request-context.js';
import { securityHeaders } from './common/security-headers.js';
import type { AppConfig } from './config/app-config.js';
import { createLogger, requestLogging, StructuredLogger } from './logging.js';
import { Metrics } from './metrics/metrics.js';

export const API_PREFIX = 'api/v1';
/** Served outside the API's prefix: probes, metrics, and the page the set-password emails link to. */
export const OUTSIDE_API = ['health', 'health/ready', 'metrics', 'set-password', 'set-password.js', 'set-password.css'];
const BODY_LIMIT = '1mb';
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * A body the API would not read (a form, XML, text, or no Content-Type) is a 415: left unparsed, it would reach
 * validation as an empty object, and a PATCH would answer 200 having changed nothing.
 */
function refuseNonJsonBodies(request: Request, _response: Response, next: NextFunction): void {
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (hasBody && mediaType !== 'application/json' && !/^application\/[\w.-]+\+json$/.test(mediaType)) {
    next(new AppError('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).'));
    return;
  }
  next();
}

/**
 * JSON bodies are UTF-8: bytes that are not would otherwise be decoded into replacement characters and stored
 * as such, the text the client sent lost without a word.
 */
function refuseInvalidUtf8(_request: Request, _response: Response, body: Buffer): void {
  if (!isUtf8(body)) throw new AppError('malformed_request', 'The request body is not valid UTF-8 text.');
}

/**
 * No query parameter of the API is a list: one given twice is a 400 naming it, not a value validation misreads.
 * Paths outside the API (probes, the set-password page) ignore what they do not read.
 */
function refuseRepeatedParameters(request: Request, _response: Response, next: NextFunction): void {
  if (!request.path.startsWith(`/${API_PREFIX}/`)) return next();
  const repeated = Object.entries(queryOf(request) ?? {}).find(([, value]) => Array.isArray(value));
  next(repeated ? invalidFields([{ field: repeated[0], message: 'must be given once' }]) : undefined);
}

/** A bodiless POST, PUT or PATCH is an empty object to validation, never "undefined". */
function emptyBodyAsObject(request: Request, _response: Response, next: NextFunction): void {
  if (request.body === undefined && ['POST', 'PUT', 'PATCH'].includes(request.method)) request.body = {};
  next();
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Validates bodies and queries against their DTOs; a body must be a JSON object (an array has no fields). */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && Array.isArray(value)) {
      throw invalidFields([NOT_AN_OBJECT]);
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = new RequestValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => invalidFields(flatten(errors)),
});

/** Builds the whole HTTP application; used by main.ts, the tests and the benchmark alike. */
export async function createApp(config: AppConfig & { databaseUrl: string }): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), new JsonAnswersAdapter(), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
    ...(config.logLevel === 'silent' ? { logger: false as const } : {}),
  });
  const logger = createLogger(config);
  app.useLogger(new StructuredLogger(logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // Records carry their own strong ETag (their version); hashing every list body for a weak one is wasted work.
  app.set('etag', false);
  const requestLog = requestLogging(logger, config);
  app.use(
    inSequence(
      app.get(Metrics).timeRequests,
      requestIdMiddleware,
      ...(requestLog ? [requestLog] : []),
      securityHeaders(),
      cors({
        origin: (origin, callback) => callback(null, origin !== undefined && config.corsOrigins.includes(origin)),
        exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Idempotent-Replayed', 'Location'],
      }),
      refuseNonJsonBodies,
      json({ limit: BODY_LIMIT, type: JSON_TYPES, verify: refuseInvalidUtf8 }),
      emptyBodyAsObject,
      refuseHostileInput,
      refuseRepeatedParameters,
    ),
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: OUTSIDE_API });
  app.useGlobalPipes(validationPipe);
  // Errors thrown before routing (body parser, unknown routes) also render as problem+json.
  app.useGlobalFilters(new ProblemFilter());

  await SwaggerModule.loadPluginMetadata(openApiMetadata);
  const document = completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('G7 RRM Secretariat API')
        .setDescription(
          'Case management for the permanent secretariat of the G7 Rapid Response Mechanism: members and focal points, ' +
            'information-sharing notices, coordinated-response proposals, focal point meetings and the audit trail. ' +
            'Errors are RFC 9457 application/problem+json.',
        )
        .setVersion('1.0.0')
        .addBearerAuth({
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Access token (JWT, HS256 pinned, 15 minutes, following RFC8725 best current practices) or an API key (rrm_key_…)',
        })
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return app;
}

/** Registers the routes (Nest's init), then the last handler: what none of them serves is a problem+json 404. */
export async function startServing(app: INestApplication): Promise<void> {
  await app.init();
  app.use(unknownRoute);
}
