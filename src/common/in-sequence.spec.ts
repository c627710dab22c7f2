import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { inSequence } from './in-sequence.js';

const request = {} as Request;
const response = {} as Response;

/** Runs the sequence and resolves with what it passed on (undefined when every step called next()). */
function run(sequence: RequestHandler): Promise<unknown> {
  return new Promise((resolve) => sequence(request, response, resolve as NextFunction));
}

describe('inSequence', () => {
  it('runs every step in order, also those that go on later, then goes on', async () => {
    const ran: string[] = [];
    const step =
      (name: string, later = false): RequestHandler =>
      (_request, _response, next) => {
        ran.push(name);
        if (later) setTimeout(() => next(), 5);
        else next();
      };
    expect(await run(inSequence(step('a'), step('b', true), step('c')))).toBeUndefined();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('stops at the first error, passed on, thrown or rejected, and runs nothing after it', async () => {
    const error = new Error('refused');
    let after = 0;
    const last: RequestHandler = () => after++;
    const passed: RequestHandler = (_request, _response, next) => next(error);
    const thrown: RequestHandler = () => {
      throw error;
    };
    const rejected = (() => Promise.reject(error)) as unknown as RequestHandler;
    for (const failing of [passed, thrown, rejected]) {
      expect(await run(inSequence(failing, last))).toBe(error);
    }
    expect(after).toBe(0);
  });

  it('stops when a step answers without calling next', async () => {
    let after = 0;
    let answered = false;
    const sequence = inSequence(
      () => {
        answered = true;
      },
      () => after++,
    );
    sequence(request, response, () => after++);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answered).toBe(true);
    expect(after).toBe(0);
  });
});
