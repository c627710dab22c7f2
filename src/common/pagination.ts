import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, isUUID, Max, MaxLength, Min } from 'class-validator';
import type { SelectQueryBuilder } from 'typeorm';
import { AppError } from './errors/app-error.js';
import { SerializedAnswer } from './serialized-answer.js';
import { MEMBER_CODE, ONE_LINE } from './validation.js';

/** `limit` and `cursor`, shared by every collection endpoint. */
export class PageQuery {
  /** Page size, 1 to 100. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  // Decimal digits only: `0x10`, `1e1` or ` 5` are not how anyone writes a page size.
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** Opaque cursor from the previous page's `nextCursor`. */
  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsString()
  // Room for the longest cursor issued: a 200-character display name of 4-byte characters and an id.
  @MaxLength(2048)
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** A page whose items are already JSON text (cached views), written as it is; `data` is read back on demand. */
export class SerializedPage<T> extends SerializedAnswer implements Page<T> {
  readonly json: string;

  constructor(
    items: string[],
    readonly nextCursor: string | null,
  ) {
    super();
    this.json = `{"data":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
  }

  get data(): T[] {
    return (JSON.parse(this.json) as Page<T>).data;
  }
}

export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** An instant as the API writes it in cursors (`Date.prototype.toISOString`, milliseconds, UTC). */
const ISSUED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** What each part of a cursor key may be: only what a list writes there, so a forged key never reaches SQL. */
const CURSOR_PARTS = {
  instant: (part: unknown) => typeof part === 'string' && ISSUED_INSTANT.test(part) && isIssuedInstant(part),
  id: (part: unknown) => typeof part === 'string' && isUUID(part, 'all'),
  position: (part: unknown) => Number.isSafeInteger(part) && (part as number) >= 0,
  memberCode: (part: unknown) => typeof part === 'string' && MEMBER_CODE.test(part),
  // A display name, as stored: non-empty text on one line (its length is bounded by the cursor's).
  name: (part: unknown) => typeof part === 'string' && part.length > 0 && ONE_LINE.test(part),
};

/** Whether `text` (written like an instant) is one, exactly as `toISOString` writes it: not month 13 nor 30 February. */
function isIssuedInstant(text: string): boolean {
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}
export type CursorPart = keyof typeof CURSOR_PARTS;
type CursorValues<P extends readonly CursorPart[]> = { [K in keyof P]: P[K] extends 'position' ? number : string };

/**
 * Decodes a cursor encodeCursor made for a list keyed by `parts`; anything else is a 400: text that is not a
 * cursor, a key of another shape, or a part the list would never write (an instant out of range, a non-integer
 * position). The cursor must be exactly as issued, so nothing can be appended to it.
 */
export function decodeCursor<const P extends readonly CursorPart[]>(
  cursor: string | undefined,
  parts: P,
): CursorValues<P> | null {
  if (cursor === undefined || cursor === '') return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (
    Array.isArray(key) &&
    key.length === parts.length &&
    parts.every((part, index) => CURSOR_PARTS[part](key[index])) &&
    encodeCursor(key as CursorKey) === cursor
  ) {
    return key as CursorValues<P>;
  }
  throw new AppError('validation_failed', 'cursor is not a cursor this API issued.', {
    errors: [{ field: 'cursor', message: 'is not a valid cursor' }],
  });
}

export const pageSize = (query: PageQuery) => query.limit ?? 25;

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only tells that another page exists.
 */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}

/** The keyset a list of entities is ordered by: a time column (stored to the millisecond, as cursors carry it), then id. */
export interface TimeKeyset<E> {
  column: string;
  time: (entity: E) => Date;
  order: 'ASC' | 'DESC';
}

/**
 * One page of the entities `builder` selects, in `keyset` order after the query's cursor: one row more is read
 * than the page holds, to know whether another page follows.
 */
export async function pageByTime<E extends { id: string }, T>(
  builder: SelectQueryBuilder<E>,
  keyset: TimeKeyset<E>,
  query: PageQuery,
  view: (entity: E) => T,
): Promise<Page<T>> {
  const limit = pageSize(query);
  const after = decodeCursor(query.cursor, ['instant', 'id']);
  const [time, id] = [`${builder.alias}.${keyset.column}`, `${builder.alias}.id`];
  builder
    .orderBy(time, keyset.order)
    .addOrderBy(id, keyset.order)
    .take(limit + 1);
  if (after) {
    const comparison = keyset.order === 'ASC' ? '>' : '<';
    builder.andWhere(`(${time}, ${id}) ${comparison} (:pageAfterTime, :pageAfterId)`, {
      pageAfterTime: after[0],
      pageAfterId: after[1],
    });
  }
  return toPage(await builder.getMany(), limit, (entity) => [keyset.time(entity).toISOString(), entity.id], view);
}
