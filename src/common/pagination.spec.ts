import { AppError } from './errors/app-error.js';
import { decodeCursor, encodeCursor, toPage, type CursorKey } from './pagination.js';

const ID = '3f2b8e5c-6d1a-4c3e-9f70-2b1d8c4a5e6f';
const forged = (text: string) => Buffer.from(text).toString('base64url');

describe('cursor pagination', () => {
  it('round-trips each kind of key a list issues', () => {
    const keys: [CursorKey, Parameters<typeof decodeCursor>[1]][] = [
      [
        ['2026-01-01T00:00:00.000Z', ID],
        ['instant', 'id'],
      ],
      [[42], ['position']],
      [['NATO'], ['memberCode']],
      [
        ['Élodie Martin', ID],
        ['name', 'id'],
      ],
    ];
    for (const [key, parts] of keys) expect(decodeCursor(encodeCursor(key), parts)).toEqual(key);
  });

  it('treats an absent or empty cursor as the first page', () => {
    expect(decodeCursor(undefined, ['instant', 'id'])).toBeNull();
    expect(decodeCursor('', ['position'])).toBeNull();
  });

  it.each([
    ['text that is not a cursor', 'garbage'],
    ['a key of another length', encodeCursor([ID])],
    ['an object', forged('{"a":1}')],
    ['an instant the API never writes', encodeCursor(['yesterday', ID])],
    ['an instant with an offset', forged(JSON.stringify(['2026-01-01T02:00:00.000+02:00', ID]))],
    ['an instant out of range (a 500 before)', forged(JSON.stringify(['+275760-09-13T00:00:00.000Z', ID]))],
    ['a day that does not exist', encodeCursor(['2026-02-30T00:00:00.000Z', ID])],
    ['a month that does not exist (a 500 before)', encodeCursor(['2026-13-02T12:08:36.412Z', ID])],
    ['an hour that does not exist (a 500 before)', encodeCursor(['2026-01-02T25:00:00.000Z', ID])],
    ['a 61st minute (a 500 before)', encodeCursor(['2026-01-02T12:61:00.000Z', ID])],
    ['a number for an instant', encodeCursor([1767225600000, ID])],
    ['an id that is not one', encodeCursor(['2026-01-01T00:00:00.000Z', 'not-an-id'])],
    ['a null part', forged(JSON.stringify(['2026-01-01T00:00:00.000Z', null]))],
  ])('refuses %s for an instant-and-id list with a 400 naming the cursor', (_, cursor) => {
    expect(() => decodeCursor(cursor, ['instant', 'id'])).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        extras: { errors: [expect.objectContaining({ field: 'cursor' })] },
      }),
    );
  });

  it.each([
    ['a negative position', encodeCursor([-1])],
    ['a fractional position', encodeCursor([1.5])],
    ['a position as text', encodeCursor(['1'])],
    ['a null position', forged('[null]')],
    ['a position beyond what is exact', forged('[9007199254740993]')],
  ])('refuses %s', (_, cursor) => {
    expect(() => decodeCursor(cursor, ['position'])).toThrow(AppError);
  });

  it('refuses a display name with a control character: PostgreSQL would refuse its NUL', () => {
    expect(() => decodeCursor(encodeCursor(['\u0000', ID]), ['name', 'id'])).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(['Ana\nBcc', ID]), ['name', 'id'])).toThrow(AppError);
    expect(decodeCursor(encodeCursor(['Anaïs Dupont-Lévesque', ID]), ['name', 'id'])).toEqual([
      'Anaïs Dupont-Lévesque',
      ID,
    ]);
  });

  it('refuses member codes that are not codes, and a cursor with anything appended', () => {
    expect(() => decodeCursor(encodeCursor(["'--"]), ['memberCode'])).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(['zz']), ['memberCode'])).toThrow(AppError);
    expect(() => decodeCursor(`${encodeCursor(['CA'])}x`, ['memberCode'])).toThrow(AppError);
    expect(() => decodeCursor(`${encodeCursor([7])}=`, ['position'])).toThrow(AppError);
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
