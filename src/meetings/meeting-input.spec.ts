import { checkSchedule, parseInstant, withHosts } from './meeting-input.js';

describe('meeting input', () => {
  it.each([
    ['2030-04-20T09:00:00-04:00', '2030-04-20T13:00:00.000Z'],
    ['2030-04-20T09:00-04:00', '2030-04-20T13:00:00.000Z'],
    ['2030-11-03T09:30:00+09:00', '2030-11-03T00:30:00.000Z'],
    ['2030-04-20T13:00:00.5Z', '2030-04-20T13:00:00.500Z'],
    ['2032-02-29T10:00:00+05:45', '2032-02-29T04:15:00.000Z'],
    ['2030-12-31T23:30:00-08:00', '2031-01-01T07:30:00.000Z'],
  ])('reads %s as the instant %s', (text, iso) => {
    expect(parseInstant('startsAt', text).toISOString()).toBe(iso);
  });

  it.each([
    '2030-02-30T09:00:00Z',
    '2031-02-29T09:00:00Z',
    '2030-04-20T24:00:00Z',
    '2030-04-20T09:60:00Z',
    '2030-04-20T09:00:61Z',
    '2030-13-01T09:00:00Z',
    '2030-04-20T09:00:00+15:00',
    '2030-04-20T09:00:00+01:75',
    '2030-04-20T09:00:00',
    '20 April 2030',
  ])('refuses %s, naming the field', (text) => {
    expect(() => parseInstant('startsAt', text)).toThrow(/startsAt: is not a real date and time/);
  });

  it('keeps invitees in the order given, without duplicates, hosts added at the end', () => {
    expect(withHosts(['FR', 'DE', 'FR'], ['CA', 'DE'])).toEqual(['FR', 'DE', 'CA']);
  });

  it('wants an end after the start, within a week, not already past', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const at = (iso: string) => new Date(iso);
    expect(() => checkSchedule(at('2030-02-01T10:00Z'), at('2030-02-01T11:00Z'), now)).not.toThrow();
    expect(() => checkSchedule(at('2030-02-01T10:00Z'), at('2030-02-01T10:00Z'), now)).toThrow(/after startsAt/);
    expect(() => checkSchedule(at('2030-02-01T10:00Z'), at('2030-02-09T10:00Z'), now)).toThrow(/at most 7 days/);
    expect(() => checkSchedule(at('2029-12-31T10:00Z'), at('2029-12-31T11:00Z'), now)).toThrow(/in the future/);
    // A meeting under way may still be scheduled or moved.
    expect(() => checkSchedule(at('2029-12-31T23:00Z'), at('2030-01-01T01:00Z'), now)).not.toThrow();
  });
});
