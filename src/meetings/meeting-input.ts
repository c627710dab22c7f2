import type { EntityManager } from 'typeorm';
import { invalidFields, type FieldError } from '../common/errors/app-error.js';

/** A meeting lasts at most this long (a multi-day workshop at most). */
export const MAX_MEETING_DAYS = 7;

/** A field-level 400 listing every problem at once. */

const INSTANT_PARTS =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 instant with an offset, read exactly: a date or time that does not exist (2027-02-30, 24:00, an offset
 * of +25:00) is a 400, where `new Date` would roll it over into another day.
 */
export function parseInstant(field: string, value: string): Date {
  const parts = INSTANT_PARTS.exec(value);
  const refuse = () => invalidFields([{ field, message: 'is not a real date and time' }]);
  if (!parts) throw refuse();
  const [year, month, day, hour, minute, second = 0] = parts.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Math.floor(Number(`0.${parts[7] ?? '0'}`) * 1000);
  const offsetMinutes = parts[8] ? (parts[8] === '-' ? -1 : 1) * (Number(parts[9]) * 60 + Number(parts[10])) : 0;
  const wallClock = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  const exists =
    wallClock.getUTCFullYear() === year &&
    wallClock.getUTCMonth() === month - 1 &&
    wallClock.getUTCDate() === day &&
    wallClock.getUTCHours() === hour &&
    wallClock.getUTCMinutes() === minute &&
    wallClock.getUTCSeconds() === second &&
    Math.abs(offsetMinutes) <= 14 * 60 &&
    Number(parts[10] ?? 0) < 60;
  if (!exists) throw refuse();
  return new Date(wallClock.getTime() - offsetMinutes * 60_000);
}

/** The invitees as stored: the codes given, without duplicates, then any host not among them. */
export function withHosts(invitees: string[], hosts: string[]): string[] {
  return [...new Set([...invitees, ...hosts])];
}

export const unique = (codes: string[]) => [...new Set(codes)];

/**
 * Ends after it starts, lasts at most MAX_MEETING_DAYS, and has not ended already: a meeting is scheduled for
 * the future (or the present), never recorded after the fact.
 */
export function checkSchedule(startsAt: Date, endsAt: Date, now = new Date()): void {
  const errors: FieldError[] = [];
  if (endsAt.getTime() <= startsAt.getTime()) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
  else if (endsAt.getTime() - startsAt.getTime() > MAX_MEETING_DAYS * 24 * 3600 * 1000) {
    errors.push({ field: 'endsAt', message: `must be at most ${MAX_MEETING_DAYS} days after startsAt` });
  } else if (endsAt.getTime() <= now.getTime()) errors.push({ field: 'endsAt', message: 'must be in the future' });
  if (errors.length) throw invalidFields(errors);
}

/** A meeting takes place somewhere: in a room, online, or both. */
export function checkPlace(location: string | null, virtualUrl: string | null): void {
  if (location === null && virtualUrl === null) {
    throw invalidFields([{ field: 'location', message: 'a meeting needs a location, a virtualUrl or both' }]);
  }
}

/** Every code of each field must name an active member or observer; one 400 lists every offending code. */
export async function checkActiveMembers(
  manager: EntityManager,
  fields: { field: string; codes: string[] }[],
): Promise<void> {
  const wanted = unique(fields.flatMap((entry) => entry.codes));
  if (wanted.length === 0) return;
  const rows = (await manager.query('SELECT code FROM member WHERE active AND code = ANY($1)', [wanted])) as {
    code: string;
  }[];
  const active = new Set(rows.map((row) => row.code));
  const errors = fields.flatMap(({ field, codes }) =>
    unique(codes)
      .filter((code) => !active.has(code))
      .map((code) => ({ field, message: `${code} is not an active member or observer` })),
  );
  if (errors.length) throw invalidFields(errors);
}
