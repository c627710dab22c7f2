import { AppError } from './errors/app-error.js';
import { decodeCursor, decodeInstantCursor, encodeCursor, toPage } from './pagination.js';

describe('cursor pagination', () => {
  it('round-trips a cursor key', () => {
    const key = ['2026-01-01T00:00:00.000Z', 'b3c1'];
    expect(decodeCursor(encodeCursor(key), 2)).toEqual(key);
  });

  it('treats an absent cursor as the first page', () => {
    expect(decodeCursor(undefined, 2)).toBeNull();
  });

  it.each(['garbage', encodeCursor(['only-one']), Buffer.from('{"a":1}').toString('base64url')])(
    'refuses a cursor it did not issue (%s) with a 400',
    (cursor) => {
      expect(() => decodeCursor(cursor, 2)).toThrow(AppError);
    },
  );

  it('reads an instant-and-id cursor it issued', () => {
    const key = ['2026-01-01T00:00:00.000Z', '3f2b8e5c-6d1a-4c3e-9f70-2b1d8c4a5e6f'];
    expect(decodeInstantCursor(encodeCursor(key))).toEqual(key);
  });

  it.each([
    [['yesterday', '3f2b8e5c-6d1a-4c3e-9f70-2b1d8c4a5e6f']],
    [['2026-01-01T00:00:00.000Z', 'not-an-id']],
    [[1767225600000, '3f2b8e5c-6d1a-4c3e-9f70-2b1d8c4a5e6f']],
    [['2026-01-01T00:00:00.000Z', null]],
  ])('refuses a well-formed cursor with a forged key %j with a 400 naming the cursor', (key) => {
    expect(() => decodeInstantCursor(encodeCursor(key))).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        extras: { errors: [expect.objectContaining({ field: 'cursor' })] },
      }),
    );
  });

  it('returns a next cursor only when one more row exists', () => {
    const rows = [1, 2, 3].map((n) => ({ id: n }));
    const first = toPage(
      rows,
      2,
      (row) => [row.id],
      (row) => row.id,
    );
    expect(first).toEqual({ data: [1, 2], nextCursor: encodeCursor([2]) });
    const last = toPage(
      rows.slice(2),
      2,
      (row) => [row.id],
      (row) => row.id,
    );
    expect(last).toEqual({ data: [3], nextCursor: null });
  });
});
