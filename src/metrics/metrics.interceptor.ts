import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Observable, tap } from 'rxjs';
import { toAppError } from '../common/errors/problem.filter.js';
import { Metrics } from './metrics.js';

/** Times every routed request, labelled by its route pattern (never the raw path, which holds ids). */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const end = this.metrics.requestDuration.startTimer();
    const route = `${request.baseUrl}${(request.route as { path?: string } | undefined)?.path ?? ''}`;
    return next.handle().pipe(
      tap({
        complete: () => end({ method: request.method, route, status: String(response.statusCode) }),
        error: (error) => end({ method: request.method, route, status: String(toAppError(error).status) }),
      }),
    );
  }
}
