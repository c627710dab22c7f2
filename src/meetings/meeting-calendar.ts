import { Inject, Injectable } from '@nestjs/common';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { MailAttachment } from '../notifications/outbox-message.entity.js';
import type { Language } from '../users/user.entity.js';
import type { Meeting } from './meeting.entity.js';
import { describeWhen } from './meeting-time.js';

/** iTIP methods (RFC 5546) the secretariat sends; PUBLISH is the calendar file served by the API. */
export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  PUBLISH: ICalCalendarMethod.PUBLISH,
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
};

/** Stable across every version of the meeting, so calendar clients update the event in place. */
export const calendarUid = (meetingId: string) => `${meetingId}@rrm-secretariat`;

const WORDS: Record<Language, { online: string; details: string }> = {
  en: { online: 'Join online', details: 'Agenda and details' },
  fr: { online: 'Participer en ligne', details: 'Ordre du jour et détails' },
};

/**
 * The meeting as one RFC 5545 VEVENT, built with ical-generator. DTSTART and DTEND are written in UTC (`Z`):
 * a correct VTIMEZONE needs a zone-rules generator that is not among our dependencies, and an instant in UTC is
 * exact in every client, which shows it in the reader's own zone. The meeting's zone is kept as X-WR-TIMEZONE
 * and spelt out in the description.
 */
@Injectable()
export class MeetingCalendar {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  meetingUrl(meetingId: string): string {
    return `${this.config.appBaseUrl}/meetings/${meetingId}`;
  }

  ics(
    meeting: Meeting,
    options: { method: CalendarMethod; language?: Language; attendee?: { name: string; email: string } },
  ): string {
    const language = options.language ?? 'en';
    const calendar = ical({ prodId: '//G7 RRM Secretariat//Meetings//EN', method: METHODS[options.method] });
    const cancelled = options.method === 'CANCEL' || meeting.status === 'cancelled';
    const event = calendar.createEvent({
      id: calendarUid(meeting.id),
      // Grows with each change of the meeting as the API shows it (its version, from 1): rescheduling, agenda,
      // minutes, cancellation. A client holding an older copy sees it is outdated.
      sequence: meeting.version - 1,
      start: meeting.startsAt,
      end: meeting.endsAt,
      stamp: new Date(),
      created: meeting.createdAt,
      lastModified: meeting.updatedAt,
      summary: `${meeting.exercise ? '[EXERCISE] ' : ''}${meeting.title}`,
      location: meeting.location ?? meeting.virtualUrl,
      url: this.meetingUrl(meeting.id),
      description: [
        describeWhen(meeting.startsAt, meeting.endsAt, meeting.timeZone, language),
        ...(meeting.virtualUrl ? [`${WORDS[language].online}: ${meeting.virtualUrl}`] : []),
        `${WORDS[language].details}: ${this.meetingUrl(meeting.id)}`,
      ].join('\n'),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: this.config.mailFrom,
    });
    if (options.attendee) {
      event.createAttendee({
        // A parameter value cannot hold a double quote (RFC 5545 3.2), and ical-generator escapes it wrongly.
        name: options.attendee.name.replace(/["\p{Cc}]/gu, "'"),
        email: options.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        // Replies go through the API (PUT /meetings/{id}/attendance/{memberCode}), not by iTIP REPLY.
        rsvp: false,
      });
    }
    // Calendar properties come before any component (RFC 5545 3.4); ical-generator writes its x-props last, and
    // leaves the last line without the CRLF that ends every content line.
    const text = calendar.toString().replace('BEGIN:VEVENT', `X-WR-TIMEZONE:${meeting.timeZone}\r\nBEGIN:VEVENT`);
    return text.endsWith('\r\n') ? text : `${text}\r\n`;
  }

  /** The VEVENT as an email attachment that mail clients treat as an invitation (or its cancellation). */
  attachment(
    meeting: Meeting,
    method: Exclude<CalendarMethod, 'PUBLISH'>,
    to: { name: string; email: string; language: Language },
  ): MailAttachment {
    return {
      filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
      contentType: `text/calendar; charset=utf-8; method=${method}`,
      content: this.ics(meeting, { method, language: to.language, attendee: { name: to.name, email: to.email } }),
      method,
    };
  }
}
