import type { Language } from '../users/user.entity.js';

/** IANA names as the tz database writes them (`Europe/Paris`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`), or UTC. */
const IANA_NAME = /^(?:UTC|[A-Z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+)+)$/;

/**
 * A time zone from the IANA database that this runtime knows. Abbreviations (`CET`, `EST`), offsets (`+01:00`)
 * and other casings are refused: the name is stored as given and shown to people.
 */
export function isIanaTimeZone(zone: string): boolean {
  if (!IANA_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at that instant, in minutes (east positive). */
export function utcOffsetMinutes(instant: Date, zone: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT" alone: UTC itself
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** `UTC+09:00`, `UTC−08:00` (with a true minus sign), `UTC+00:00`. */
export function utcOffsetLabel(instant: Date, zone: string): string {
  const offset = utcOffsetMinutes(instant, zone);
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `UTC${offset < 0 ? '−' : '+'}${hhmm}`;
}

const LOCALE: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

/** `Tuesday, 20 April 2027` / `mardi 20 avril 2027` in the zone. */
export function formatDay(instant: Date, zone: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE[language], {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(instant);
}

/** `20 Apr 2027` / `20 avr. 2027` in the zone, for subjects. */
export function formatShortDay(instant: Date, zone: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE[language], {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(instant);
}

/** `09:00` in the zone (24-hour clock in both languages). */
export function formatClock(instant: Date, zone: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE[language], {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

/**
 * When a meeting takes place, as people read it: in the meeting's zone with that zone's UTC offset at the start,
 * then in UTC. `Tuesday, 20 April 2027, 09:00–11:00 America/New_York (UTC−04:00) — 13:00–15:00 UTC`. A meeting that
 * ends on another day says so.
 */
export function describeWhen(startsAt: Date, endsAt: Date, zone: string, language: Language): string {
  const day = formatDay(startsAt, zone, language);
  const endDay = formatDay(endsAt, zone, language);
  const local =
    day === endDay
      ? `${day}, ${formatClock(startsAt, zone, language)}–${formatClock(endsAt, zone, language)}`
      : `${day}, ${formatClock(startsAt, zone, language)} – ${endDay}, ${formatClock(endsAt, zone, language)}`;
  const utcDay = formatDay(startsAt, 'UTC', language);
  const utc =
    utcDay === day && formatDay(endsAt, 'UTC', language) === endDay
      ? `${formatClock(startsAt, 'UTC', language)}–${formatClock(endsAt, 'UTC', language)} UTC`
      : `${formatDay(startsAt, 'UTC', language)}, ${formatClock(startsAt, 'UTC', language)}–` +
        `${formatClock(endsAt, 'UTC', language)} UTC`;
  return `${local} ${zone} (${utcOffsetLabel(startsAt, zone)}) — ${utc}`;
}
