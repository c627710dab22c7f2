import { QueryFailedError } from 'typeorm';
import { failureOf } from './job-queue.js';

describe('a job failure as the queue keeps it', () => {
  it('keeps the message, code and statement of a failed statement, not the values it was about', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "uq_outbox"'), {
      code: '23505',
      detail: 'Key (dedupe_key)=(notice.shared:5b1c:someone@example.org) already exists.',
    });
    const failure = failureOf(
      new QueryFailedError(
        'UPDATE outbox_message SET status = $1 WHERE id = $2',
        ['sent', 'someone@example.org'],
        driverError,
      ),
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toContain('uq_outbox');
    expect(failure).toEqual(
      expect.objectContaining({ code: '23505', query: expect.stringContaining('UPDATE outbox') }),
    );
    expect(JSON.stringify({ ...failure })).not.toContain('someone@example.org');
  });
});
