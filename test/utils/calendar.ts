import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';

export interface ParsedCalendar {
  method: string | null;
  uid: string;
  sequence: number;
  /** DTSTART and DTEND as instants (ISO 8601, UTC). */
  start: string;
  end: string;
  summary: string;
  location: string;
  status: string | null;
  url: string | null;
  organizer: string | null;
  attendees: string[];
  description: string;
  /** Number of VEVENTs in the calendar. */
  events: number;
}

/** Reads an iCalendar text with ical.js, as a calendar client would. */
export function parseCalendar(text: string): ParsedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevents = calendar.getAllSubcomponents('vevent');
  const vevent = vevents[0];
  const event = new ICAL.Event(vevent);
  const value = (name: string) => {
    const found = vevent.getFirstPropertyValue(name);
    return found === null || found === undefined ? null : String(found);
  };
  return {
    method: (calendar.getFirstPropertyValue('method') as string | null) ?? null,
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    summary: event.summary,
    location: event.location,
    status: value('status'),
    url: value('url'),
    organizer: value('organizer'),
    attendees: vevent.getAllProperties('attendee').map((attendee) => String(attendee.getFirstValue())),
    description: event.description,
    events: vevents.length,
  };
}

/** The calendar part of a received email (nodemailer's icalEvent), parsed. */
export function calendarOf(mail: ParsedMail): ParsedCalendar & { contentType: string } {
  const part = mail.attachments.find((attachment) => attachment.contentType === 'text/calendar');
  if (!part) throw new Error(`no text/calendar part in "${mail.subject}"`);
  return { ...parseCalendar(part.content.toString('utf8')), contentType: part.contentType };
}
