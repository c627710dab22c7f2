import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../canonical-json.js';
import { AppError } from '../errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AnswerSeal } from './answer-seal.js';
import { SEALED_ANSWER } from './idempotency.decorators.js';

const RETENTION_MS = 24 * 60 * 60 * 1000;
/** A "running" record older than this belongs to a request that died; a retry may take it over. */
const STALE_RUNNING_MS = 2 * 60 * 1000;

interface StoredRecord {
  request_hash: string;
  state: 'running' | 'done';
  response_status: number | null;
  response_body: unknown;
  created_at: Date;
}

/** The scope of a caller who is not signed in: their address. */
const ANONYMOUS_SCOPE = 'ip:';
/** A request that runs without an idempotency record: neither replayed nor kept. */
const UNRECORDED = Symbol('unrecorded');
type Unrecorded = typeof UNRECORDED;

/** Where a request stands: who asks, under which key, the request's fingerprint, and whether it is sealed. */
interface Claim {
  scope: string;
  key: string;
  requestHash: string;
  /** For a sealed request (`@SealedAnswer`), what its answer's encryption key is drawn from. */
  sealedFor: string | null;
}

/**
 * Idempotency-Key on POST and PUT: the first request runs and its answer is stored; a retry with the same
 * body gets the stored answer, another body 422, and a retry while the first still runs 409.
 * Failed requests change nothing, so their record is dropped and a retry runs again. Requests are fingerprinted
 * with a keyed hash, and answers that hold secrets are kept sealed (`@SealedAnswer`, `AnswerSeal`); on sealed
 * requests open to anyone, another body under a used key runs as a request of its own rather than answering 422
 * (see `claim`).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly seal: AnswerSeal;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.seal = new AnswerSeal(config.jwtSecret);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.header('idempotency-key');
    if (key === undefined || !['POST', 'PUT'].includes(request.method)) return next.handle();
    if (key.length < 1 || key.length > 255) {
      throw new AppError('validation_failed', 'Idempotency-Key must be 1 to 255 characters.', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }],
      });
    }
    const sealed = this.reflector.get<boolean>(SEALED_ANSWER, context.getHandler()) === true;
    const actor = (request as Request & { user?: { id: string } }).user;
    const scope = actor?.id ?? `${ANONYMOUS_SCOPE}${request.ip ?? 'unknown'}`;
    const fingerprint = `${request.method} ${request.baseUrl}${request.path}\n${canonicalJson(request.body ?? null)}`;
    const claim: Claim = {
      scope,
      key,
      requestHash: this.seal.fingerprint(fingerprint),
      sealedFor: sealed ? `${scope}\n${key}\n${fingerprint}` : null,
    };
    const status =
      this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.run(claim, status, response, next));
  }

  private async run(claim: Claim, status: number, response: Response, next: CallHandler): Promise<unknown> {
    const { scope, key, sealedFor } = claim;
    const claimed = await this.claim(claim);
    if (claimed === UNRECORDED) return lastValueFrom(next.handle(), { defaultValue: undefined });
    if (claimed !== true) {
      response.status(claimed.response_status ?? status).setHeader('Idempotent-Replayed', 'true');
      return claimed.response_body;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const stored = body === undefined || sealedFor === null ? body : this.seal.seal(body, sealedFor);
      await this.dataSource.query(
        `UPDATE idempotency_record SET state = 'done', response_status = $3, response_body = $4
         WHERE scope = $1 AND key = $2`,
        // The handler may have chosen its status (e.g. 200 for an acknowledgement that already existed).
        [scope, key, response.statusCode || status, stored === undefined ? null : JSON.stringify(stored)],
      );
      return body;
    } catch (error) {
      await this.release(scope, key);
      throw error;
    }
  }

  /** true when this request may run and be recorded; the stored answer to replay; or UNRECORDED. */
  private async claim({ scope, key, requestHash, sealedFor }: Claim): Promise<true | StoredRecord | Unrecorded> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.dataSource.query(
        `INSERT INTO idempotency_record (scope, key, request_hash, state) VALUES ($1, $2, $3, 'running')
         ON CONFLICT DO NOTHING RETURNING key`,
        [scope, key, requestHash],
      );
      if (inserted.length === 1) return true;
      const [existing] = (await this.dataSource.query(
        `SELECT request_hash, state, response_status, response_body, created_at
         FROM idempotency_record WHERE scope = $1 AND key = $2`,
        [scope, key],
      )) as StoredRecord[];
      if (!existing) continue; // released between our insert and select: try again
      const age = Date.now() - new Date(existing.created_at).getTime();
      const expired = age > RETENTION_MS || (existing.state === 'running' && age > STALE_RUNNING_MS);
      if (expired) {
        await this.forget(scope, key, existing);
        continue;
      }
      if (existing.request_hash !== requestHash) {
        // Open to anyone and sealed (sign-in, refresh, password links): a 422 would tell whoever shares the
        // client's address and knows its key that a guessed password or token is wrong, past the throttle, the
        // lockout and the audit trail. Another body runs as a request of its own instead, through all of them.
        if (sealedFor !== null && scope.startsWith(ANONYMOUS_SCOPE)) return UNRECORDED;
        throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used for a different request.');
      }
      if (existing.state === 'running') {
        throw new AppError(
          'idempotency_request_in_progress',
          'The first request with this Idempotency-Key is still running; retry shortly.',
        );
      }
      if (sealedFor === null || existing.response_body === null) return existing;
      const opened = this.seal.open(existing.response_body, sealedFor);
      if (opened !== undefined) return { ...existing, response_body: opened };
      // A sealed answer that does not open cannot be replayed: the record goes and the request runs.
      await this.forget(scope, key, existing);
    }
    throw new AppError('idempotency_request_in_progress', 'Retry shortly.');
  }

  /** Drops a record that may no longer answer (expired, or sealed beyond opening), unless another took its place. */
  private async forget(scope: string, key: string, record: StoredRecord): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_record WHERE scope = $1 AND key = $2 AND created_at = $3', [
      scope,
      key,
      record.created_at,
    ]);
  }

  private async release(scope: string, key: string): Promise<void> {
    await this.dataSource
      .query(`DELETE FROM idempotency_record WHERE scope = $1 AND key = $2 AND state = 'running'`, [scope, key])
      .catch(() => undefined);
  }
}
