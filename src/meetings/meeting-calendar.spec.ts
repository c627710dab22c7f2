import ICAL from 'ical.js';
import type { AppConfig } from '../config/app-config.js';
import { MeetingCalendar } from './meeting-calendar.js';
import type { Meeting } from './meeting.entity.js';

describe('MeetingCalendar', () => {
  const calendar = new MeetingCalendar({
    appBaseUrl: 'https://rrm.example.org',
    mailFrom: 'RRM Secretariat <secretariat@rrm.example.org>',
  } as AppConfig);
  const meeting = {
    id: '6f1c2b9e-1d7a-4f57-9a0b-2c1d3e4f5a6b',
    title: 'Focal point meeting',
    startsAt: new Date('2031-01-16T02:30:00Z'),
    endsAt: new Date('2031-01-16T03:30:00Z'),
    timeZone: 'America/Vancouver',
    location: 'Vancouver',
    virtualUrl: null,
    status: 'scheduled',
    exercise: false,
    version: 3,
    createdAt: new Date('2030-12-01T00:00:00Z'),
    updatedAt: new Date('2030-12-02T00:00:00Z'),
  } as unknown as Meeting;

  it('keeps a display name with quotes and separators inside its one attendee', () => {
    const text = calendar.ics(meeting, {
      method: 'REQUEST',
      attendee: { name: 'Evil "Q"; ROLE=CHAIR:mailto:x@evil.example', email: 'sam@example.org' },
    });
    const event = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    const attendees = event.getAllProperties('attendee');
    expect(attendees.map((attendee) => String(attendee.getFirstValue()).toLowerCase())).toEqual([
      'mailto:sam@example.org',
    ]);
    expect(attendees[0].getParameter('role')).toBe('REQ-PARTICIPANT');
    expect(attendees[0].getParameter('cn')).toBe("Evil 'Q'; ROLE=CHAIR:mailto:x@evil.example");
  });

  it('writes the calendar properties before the event', () => {
    const text = calendar.ics(meeting, { method: 'PUBLISH' });
    expect(text.indexOf('X-WR-TIMEZONE:America/Vancouver\r\n')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    expect(new ICAL.Component(ICAL.parse(text)).getFirstPropertyValue('x-wr-timezone')).toBe('America/Vancouver');
  });

  it('ends every content line with CRLF, the last one too, and has no bare line feed (RFC 5545 3.1)', () => {
    const text = calendar.ics({ ...meeting, title: 'Line one\nline two' } as Meeting, { method: 'PUBLISH' });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});
