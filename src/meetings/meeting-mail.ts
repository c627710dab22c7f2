import { Injectable } from '@nestjs/common';
import type { Transaction } from '../database/unit-of-work.js';
import type { MailAttachment } from '../notifications/outbox-message.entity.js';
import { MailAccess } from '../notifications/mail-access.js';
import { Recipients, type Recipient } from '../notifications/recipients.js';
import { render, type MessageContent } from '../notifications/templates/layout.js';
import {
  agendaCirculated,
  meetingCancelled,
  meetingInvitation,
  meetingUninvited,
  meetingUpdated,
  type AgendaLine,
  type MeetingMailFacts,
} from '../notifications/templates/meeting.templates.js';
import type { Language } from '../users/user.entity.js';
import { MeetingCalendar } from './meeting-calendar.js';
import type { Meeting } from './meeting.entity.js';
import { meetingViewerOf, visibleMeetings } from './meetings.policy.js';
import { describeWhen, formatShortDay } from './meeting-time.js';

type Template = 'meeting.invitation' | 'meeting.updated' | 'meeting.cancelled' | 'meeting.uninvited' | 'meeting.agenda';

/**
 * Meeting emails to the active focal points and observer representatives of the members concerned, each in the
 * recipient's language, queued in the use case's transaction. Invitations, changes and cancellations carry the
 * meeting's VEVENT (same UID, current SEQUENCE) so calendar clients add, update or remove it in place.
 */
@Injectable()
export class MeetingMail {
  constructor(
    private readonly recipients: Recipients,
    private readonly calendar: MeetingCalendar,
    access: MailAccess,
  ) {
    access.register('meeting', 'meeting', (reader, alias) => visibleMeetings(meetingViewerOf(reader), alias));
  }

  invitation(tx: Transaction, meeting: Meeting, memberCodes = meeting.inviteeMemberCodes): Promise<number> {
    return this.send(tx, meeting, memberCodes, 'meeting.invitation', 'REQUEST', meetingInvitation);
  }

  /** The time or place changed: the new VEVENT, with a higher SEQUENCE. */
  updated(tx: Transaction, meeting: Meeting, memberCodes: string[]): Promise<number> {
    return this.send(tx, meeting, memberCodes, 'meeting.updated', 'REQUEST', meetingUpdated);
  }

  cancelled(tx: Transaction, meeting: Meeting): Promise<number> {
    return this.send(tx, meeting, meeting.inviteeMemberCodes, 'meeting.cancelled', 'CANCEL', meetingCancelled);
  }

  /** Members taken off the list: a cancellation for them only. */
  uninvited(tx: Transaction, meeting: Meeting, memberCodes: string[]): Promise<number> {
    return this.send(tx, meeting, memberCodes, 'meeting.uninvited', 'CANCEL', meetingUninvited);
  }

  agenda(tx: Transaction, meeting: Meeting, items: AgendaLine[]): Promise<number> {
    return this.send(tx, meeting, meeting.inviteeMemberCodes, 'meeting.agenda', null, (language, facts) =>
      agendaCirculated(language, facts, meeting.agendaVersion, items),
    );
  }

  private async send(
    tx: Transaction,
    meeting: Meeting,
    memberCodes: string[],
    template: Template,
    method: 'REQUEST' | 'CANCEL' | null,
    write: (language: Language, facts: MeetingMailFacts) => MessageContent,
  ): Promise<number> {
    const recipients = await this.recipients.ofMembers(tx.manager, memberCodes);
    for (const to of recipients) {
      const attachments: MailAttachment[] = method
        ? [
            this.calendar.attachment(meeting, method, {
              name: to.displayName,
              email: to.email,
              language: to.preferredLanguage,
            }),
          ]
        : [];
      tx.notify({
        dedupeKey: this.dedupeKey(template, meeting, to),
        recipientUserId: to.userId,
        recipientEmail: to.email,
        language: to.preferredLanguage,
        template,
        ...render(to.preferredLanguage, write(to.preferredLanguage, this.facts(meeting, to.preferredLanguage))),
        attachments,
        // A withdrawn invitation goes to members no longer invited: it needs no right to see the meeting.
        ...(template === 'meeting.uninvited' ? {} : { accessTo: { type: 'meeting' as const, id: meeting.id } }),
      });
    }
    return recipients.length;
  }

  /**
   * One message per event and recipient: per circulation for agendas, per version of the meeting for the rest
   * (`r`: the `s` keys of the dropped calendar_sequence counted from 0, versions count from 1 and ran ahead).
   */
  private dedupeKey(template: Template, meeting: Meeting, to: Recipient): string {
    const event = template === 'meeting.agenda' ? `v${meeting.agendaVersion}` : `r${meeting.version}`;
    return `${template.replace('.', '-')}:${meeting.id}:${event}:${to.userId}`;
  }

  private facts(meeting: Meeting, language: Language): MeetingMailFacts {
    return {
      title: meeting.title,
      kind: meeting.kind,
      when: describeWhen(meeting.startsAt, meeting.endsAt, meeting.timeZone, language),
      day: formatShortDay(meeting.startsAt, meeting.timeZone, language),
      location: meeting.location,
      virtualUrl: meeting.virtualUrl,
      hostMemberCodes: meeting.hostMemberCodes,
      exercise: meeting.exercise,
      url: this.calendar.meetingUrl(meeting.id),
    };
  }
}
