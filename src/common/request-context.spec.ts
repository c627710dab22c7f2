import type { NextFunction, Request, Response } from 'express';
import { currentRequest, requestContextMiddleware } from './request-context.js';

function call(header?: string) {
  const headers: Record<string, string> = {};
  const request = { header: () => header, ip: '127.0.0.1' } as unknown as Request;
  const response = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response;
  let seen: ReturnType<typeof currentRequest>;
  requestContextMiddleware(request, response, (() => (seen = currentRequest())) as NextFunction);
  return { headers, seen: seen! };
}

describe('requestContextMiddleware', () => {
  it('echoes a well-formed request id and exposes it to the request context', () => {
    const { headers, seen } = call('abc-123');
    expect(headers['X-Request-Id']).toBe('abc-123');
    expect(seen.requestId).toBe('abc-123');
    expect(seen.ip).toBe('127.0.0.1');
  });

  it('replaces a missing or hostile request id with a fresh UUID', () => {
    for (const header of [undefined, 'x'.repeat(500), 'bad id\nInjected: 1']) {
      const { headers } = call(header);
      expect(headers['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
