import { describeWhen, isIanaTimeZone, utcOffsetLabel, utcOffsetMinutes } from './meeting-time.js';

describe('meeting time zones', () => {
  it.each([
    'Europe/Paris',
    'UTC',
    'America/Argentina/Buenos_Aires',
    'Etc/GMT+5',
    'America/Port-au-Prince',
    'Asia/Tokyo',
  ])('accepts the IANA zone %s', (zone) => expect(isIanaTimeZone(zone)).toBe(true));

  it.each(['europe/paris', 'CET', 'EST', '+01:00', 'GMT+1', 'Mars/Olympus', 'Europe/', '', 'Europe/Paris '])(
    'refuses %j',
    (zone) => expect(isIanaTimeZone(zone)).toBe(false),
  );

  it('gives the offset of the zone at the instant, daylight saving included', () => {
    expect(utcOffsetMinutes(new Date('2027-01-15T12:00:00Z'), 'America/Los_Angeles')).toBe(-8 * 60);
    expect(utcOffsetMinutes(new Date('2027-07-15T12:00:00Z'), 'America/Los_Angeles')).toBe(-7 * 60);
    expect(utcOffsetMinutes(new Date('2027-07-15T12:00:00Z'), 'Asia/Tokyo')).toBe(9 * 60);
    expect(utcOffsetMinutes(new Date('2027-07-15T12:00:00Z'), 'UTC')).toBe(0);
    expect(utcOffsetLabel(new Date('2027-04-20T13:00:00Z'), 'America/New_York')).toBe('UTC−04:00');
    expect(utcOffsetLabel(new Date('2027-04-20T13:00:00Z'), 'Asia/Kathmandu')).toBe('UTC+05:45');
    expect(utcOffsetLabel(new Date('2027-04-20T13:00:00Z'), 'UTC')).toBe('UTC+00:00');
  });

  it('describes a meeting in its zone and in UTC, in English and French', () => {
    const start = new Date('2027-04-20T13:00:00Z');
    const end = new Date('2027-04-20T15:00:00Z');
    expect(describeWhen(start, end, 'America/New_York', 'en')).toBe(
      'Tuesday, 20 April 2027, 09:00–11:00 America/New_York (UTC−04:00) — 13:00–15:00 UTC',
    );
    expect(describeWhen(start, end, 'Europe/Paris', 'fr')).toBe(
      'mardi 20 avril 2027, 15:00–17:00 Europe/Paris (UTC+02:00) — 13:00–15:00 UTC',
    );
  });

  it('names the UTC day when it differs from the local one', () => {
    const start = new Date('2027-04-20T23:00:00Z');
    const end = new Date('2027-04-21T01:00:00Z');
    expect(describeWhen(start, end, 'Asia/Tokyo', 'en')).toBe(
      'Wednesday, 21 April 2027, 08:00–10:00 Asia/Tokyo (UTC+09:00) — Tuesday, 20 April 2027, 23:00–01:00 UTC',
    );
  });
});
