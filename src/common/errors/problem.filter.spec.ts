import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { toAppError } from './problem.filter.js';

/** Driver errors read the same whether TypeORM wrapped them or a read went to the pg pool directly. */
describe('database errors as problems', () => {
  const driverError = (code: string) =>
    Object.assign(new pg.DatabaseError('invalid input syntax', 1, 'error'), { code });

  it.each(['22P02', '22007'])('answers a malformed value (%s) with a 400, raw or wrapped', (code) => {
    const wrapped = new QueryFailedError('SELECT 1', [], driverError(code));
    expect(toAppError(driverError(code)).status).toBe(400);
    expect(toAppError(wrapped).status).toBe(400);
  });

  it('answers any other database error with a 500 that says nothing of it', () => {
    const error = toAppError(driverError('XX000'));
    expect([error.status, error.detail]).toEqual([500, 'An unexpected error occurred.']);
  });
});
