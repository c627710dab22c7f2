import type { NextFunction, Request, Response } from 'express';
import { actorOf, originOf, requestIdMiddleware } from './request-context.js';

function call(header?: string) {
  const headers: Record<string, string> = {};
  const request = { header: () => header, ip: '127.0.0.1' } as unknown as Request;
  const response = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response;
  let nextCalled = false;
  requestIdMiddleware(request, response, (() => (nextCalled = true)) as NextFunction);
  return { headers, origin: originOf(request), nextCalled };
}

describe('requestIdMiddleware', () => {
  it('echoes a well-formed request id and gives it to the request origin', () => {
    const { headers, origin, nextCalled } = call('abc-123');
    expect(nextCalled).toBe(true);
    expect(headers['X-Request-Id']).toBe('abc-123');
    expect(origin).toEqual({ requestId: 'abc-123', ip: '127.0.0.1' });
  });

  it('replaces a missing or hostile request id with a fresh UUID', () => {
    for (const header of [undefined, 'x'.repeat(500), 'bad id\nInjected: 1']) {
      const { headers, origin } = call(header);
      expect(headers['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(origin.requestId).toBe(headers['X-Request-Id']);
    }
  });
});

describe('actorOf', () => {
  it('names the signed-in caller of a request, nobody for an anonymous request or the server itself', () => {
    const caller = { id: 'u1', role: 'admin' as const, memberCode: null, requestId: 'r', ip: null };
    expect(actorOf(caller)).toBe(caller);
    expect(actorOf({ requestId: 'r', ip: '10.0.0.1' })).toBeNull();
    expect(actorOf(null)).toBeNull();
  });
});
