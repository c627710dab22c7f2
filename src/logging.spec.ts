import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACTED_PATHS, StructuredLogger } from './logging.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  return { lines, nest: new StructuredLogger(logger) };
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
});
