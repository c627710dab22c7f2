import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/request-context.js';
import type { Transaction } from '../database/unit-of-work.js';
import type { MailAttachment, MessageRecord } from '../notifications/outbox-message.entity.js';
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
import { linksVisibleTo, type VisibleLinks } from './agenda-presenter.js';
import { MeetingCalendar } from './meeting-calendar.js';
import type { Meeting } from './meeting.entity.js';
import { meetingViewerOf, visibleMeetings } from './meetings.policy.js';
import { describeWhen, formatShortDay } from './meeting-time.js';

/** An agenda line as circulated, with the notice it links (named only to recipients who may see it). */
export type CirculatedItem = AgendaLine & { noticeId: string | null };

/** A recipient reads as the user it is, under each record's own policy. */
const readerOf = (to: Recipient): Actor => ({ id: to.userId, role: to.role, memberCode: to.memberCode });

/** The agenda as a recipient who may see these links reads it: a notice it may not see is not named. */
const linesSeenWith = (items: CirculatedItem[], visible: VisibleLinks): AgendaLine[] =>
  items.map(({ noticeId, ...line }) => ({
    ...line,
    noticeReference: noticeId !== null && visible.notices.has(noticeId) ? line.noticeReference : null,
  }));

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

  async invitation(tx: Transaction, meeting: Meeting, memberCodes = meeting.inviteeMemberCodes): Promise<number> {
    return this.send(tx, meeting, await this.to(tx, memberCodes), 'meeting.invitation', 'REQUEST', meetingInvitation);
  }

  /** The time or place changed: the new VEVENT, with a higher SEQUENCE. */
  async updated(tx: Transaction, meeting: Meeting, memberCodes: string[]): Promise<number> {
    return this.send(tx, meeting, await this.to(tx, memberCodes), 'meeting.updated', 'REQUEST', meetingUpdated);
  }

  async cancelled(tx: Transaction, meeting: Meeting): Promise<number> {
    const recipients = await this.to(tx, meeting.inviteeMemberCodes);
    return this.send(tx, meeting, recipients, 'meeting.cancelled', 'CANCEL', meetingCancelled);
  }

  /**
   * Members taken off the list: a cancellation for them only, of the meeting as they last knew it. The change that
   * removes them may also move it or give it a new link, which they are no longer to learn; the withdrawal keeps
   * the UID and takes the change's version (SEQUENCE, dedupe key), so it supersedes the invitation they hold.
   */
  async uninvited(tx: Transaction, asTheyKnewIt: Meeting, changed: Meeting, memberCodes: string[]): Promise<number> {
    const withdrawn: Meeting = { ...asTheyKnewIt, version: changed.version, updatedAt: changed.updatedAt };
    return this.send(tx, withdrawn, await this.to(tx, memberCodes), 'meeting.uninvited', 'CANCEL', meetingUninvited);
  }

  /**
   * The agenda, each recipient's copy naming only the notices that recipient may see: links were checked when
   * made, but an audience may have narrowed since.
   */
  async agenda(tx: Transaction, meeting: Meeting, items: CirculatedItem[]): Promise<number> {
    const recipients = await this.to(tx, meeting.inviteeMemberCodes);
    const visible = await linksVisibleTo(tx.manager, recipients.map(readerOf), items);
    const linesOf = new Map(recipients.map((to, index) => [to, linesSeenWith(items, visible[index])]));
    // The notices a copy names must still be the recipient's to see when it is delivered, as the meeting must.
    const namedIn = new Map(
      recipients.map((to, index) => [
        to,
        items
          .filter((item) => item.noticeId !== null && visible[index].notices.has(item.noticeId))
          .map((item) => ({ type: 'notice' as const, id: item.noticeId! })),
      ]),
    );
    return this.send(
      tx,
      meeting,
      recipients,
      'meeting.agenda',
      null,
      (language, facts, to) => agendaCirculated(language, facts, meeting.agendaVersion, linesOf.get(to)!),
      (to) => namedIn.get(to)!,
    );
  }

  private to(tx: Transaction, memberCodes: string[]): Promise<Recipient[]> {
    return this.recipients.ofMembers(tx.manager, memberCodes);
  }

  private send(
    tx: Transaction,
    meeting: Meeting,
    recipients: Recipient[],
    template: Template,
    method: 'REQUEST' | 'CANCEL' | null,
    write: (language: Language, facts: MeetingMailFacts, to: Recipient) => MessageContent,
    named: (to: Recipient) => MessageRecord[] = () => [],
  ): number {
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
        ...render(to.preferredLanguage, write(to.preferredLanguage, this.facts(meeting, to.preferredLanguage), to)),
        attachments,
        // A withdrawn invitation goes to members no longer invited: it needs no right to see the meeting.
        accessTo: template === 'meeting.uninvited' ? [] : [{ type: 'meeting', id: meeting.id }, ...named(to)],
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
