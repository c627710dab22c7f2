import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createLogger, StructuredLogger } from './logging.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, nest: new StructuredLogger(createLogger({ logLevel: 'trace' }, sink)) };
}

describe('StructuredLogger', () => {
  it('writes a message with its Nest context at the matching level', () => {
    const { lines, nest } = capture();
    nest.log('First admin created.', 'FirstAdmin');
    nest.warn('retrying', 'JobQueue');
    nest.verbose('details');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'First admin created.', context: 'FirstAdmin' }),
      expect.objectContaining({ level: 40, msg: 'retrying', context: 'JobQueue' }),
      expect.objectContaining({ level: 10, msg: 'details' }),
    ]);
  });

  it('makes an object first argument fields of the line, with secrets redacted', () => {
    const { lines, nest } = capture();
    nest.error({ code: 'internal', requestId: 'r-1', password: 'hunter2-secret' }, 'request failed', 'ProblemFilter');
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 50,
        msg: 'request failed',
        context: 'ProblemFilter',
        code: 'internal',
        requestId: 'r-1',
        password: '[redacted]',
      }),
    );
  });

  it("logs an Error, and Nest's own (message, stack, context) calls, with the stack under err", () => {
    const { lines, nest } = capture();
    nest.error(new Error('boom'), 'Somewhere');
    nest.error('Unhandled', 'Error: Unhandled\n    at handler (file.js:1:1)', 'ExceptionsHandler');
    expect(lines[0]).toEqual(
      expect.objectContaining({ context: 'Somewhere', err: expect.objectContaining({ message: 'boom' }) }),
    );
    expect(lines[1]).toEqual(
      expect.objectContaining({
        context: 'ExceptionsHandler',
        err: expect.objectContaining({ message: 'Unhandled', stack: expect.stringContaining('at handler') }),
      }),
    );
  });

  it('logs a failed statement without the values it was about: its parameters, and the key a constraint quotes', () => {
    const { lines, nest } = capture();
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "uq_api_key_hash"'), {
      code: '23505',
      constraint: 'uq_api_key_hash',
      detail: 'Key (key_hash)=(9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08) already exists.',
    });
    const failure = new QueryFailedError(
      'UPDATE "app_user" SET "password_hash" = $1, "mfa_pending_secret" = $2 WHERE "id" = $3',
      ['$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'f0e1'],
      driverError,
    );
    nest.error({ err: failure, code: 'internal_error' }, 'request failed', 'ProblemFilter');
    const line = JSON.stringify(lines[0]);
    for (const value of ['$argon2id$', 'JBSWY3DPEHPK3PXP', '9f86d081884c7d659a2f']) expect(line).not.toContain(value);
    // What an operator needs to find the cause stays.
    expect(lines[0].err).toEqual(
      expect.objectContaining({
        message: expect.stringContaining('uq_api_key_hash'),
        code: '23505',
        query: expect.stringContaining('UPDATE "app_user"'),
        stack: expect.stringContaining('QueryFailedError'),
      }),
    );
  });

  it('leaves out what is nested deeper than it strips, rather than writing it as it is', () => {
    const { lines, nest } = capture();
    const deep = { a: { b: { c: { d: { parameters: ['a-secret-value'] } } } } };
    nest.error({ err: Object.assign(new Error('wrapped'), { cause: deep }) }, 'failed');
    expect(JSON.stringify(lines[0])).not.toContain('a-secret-value');
  });
});
