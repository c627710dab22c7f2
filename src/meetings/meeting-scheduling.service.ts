import { Injectable } from '@nestjs/common';
import { fieldChanges } from '../audit/audit-actions.js';
import { invalidState } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import {
  assertAgendaNoticesVisibleTo,
  assertAgendaProposalsVisibleTo,
  assertNamedMembersStayInvited,
} from './agenda-links.js';
import type { CreateMeetingDto, UpdateMeetingDto } from './dto/meeting.dto.js';
import { agendasOf, assertScheduled, findVisibleMeeting, meetingViewOf } from './meeting-finder.js';
import { checkActiveMembers, checkPlace, checkSchedule, parseInstant, unique, withHosts } from './meeting-input.js';
import { MeetingMail } from './meeting-mail.js';
import { Meeting } from './meeting.entity.js';
import { toMeetingView, type MeetingView } from './meeting.view.js';
import { meetingViewerOf, statusOf } from './meetings.policy.js';

/** Fields whose changes `meeting.updated` records. */
const EDITABLE: (keyof MeetingView)[] = [
  'title',
  'kind',
  'startsAt',
  'endsAt',
  'timeZone',
  'location',
  'virtualUrl',
  'hostMemberCodes',
  'inviteeMemberCodes',
  'exercise',
];

/** What the calendar event shows: a change to one of these is mailed to the invitees with the updated VEVENT. */
const ON_THE_CALENDAR: string[] = ['title', 'startsAt', 'endsAt', 'timeZone', 'location', 'virtualUrl', 'exercise'];

/** Scheduling by admins: creating a meeting (which invites), changing it, cancelling it. */
@Injectable()
export class MeetingSchedulingService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: MeetingMail,
  ) {}

  create(actor: Caller, input: CreateMeetingDto): Promise<MeetingView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const startsAt = parseInstant('startsAt', input.startsAt);
      const endsAt = parseInstant('endsAt', input.endsAt);
      checkSchedule(startsAt, endsAt);
      const location = input.location ?? null;
      const virtualUrl = input.virtualUrl ?? null;
      checkPlace(location, virtualUrl);
      const hosts = unique(input.hostMemberCodes);
      await checkActiveMembers(tx.manager, [
        { field: 'hostMemberCodes', codes: hosts },
        { field: 'inviteeMemberCodes', codes: input.inviteeMemberCodes },
      ]);
      const meeting = await tx.manager.save(
        tx.manager.create(Meeting, {
          title: input.title,
          kind: input.kind,
          startsAt,
          endsAt,
          timeZone: input.timeZone,
          location,
          virtualUrl,
          hostMemberCodes: hosts,
          inviteeMemberCodes: withHosts(input.inviteeMemberCodes, hosts),
          status: 'scheduled',
          agendaVersion: 0,
          minutesText: null,
          minutesActionItems: null,
          minutesUpdatedAt: null,
          minutesUpdatedBy: null,
          exercise: input.exercise ?? false,
          createdBy: actor.id,
          cancelledAt: null,
        }),
      );
      const view = toMeetingView(meeting, []);
      tx.audit({
        action: 'meeting.created',
        entityType: 'meeting',
        entityId: meeting.id,
        changes: { after: { ...view } },
      });
      await this.mail.invitation(tx, meeting);
      return view;
    });
  }

  /**
   * Changes a scheduled meeting (If-Match required). Every change raises the calendar SEQUENCE; members added are
   * invited, members removed get a cancellation of the meeting as they knew it, and the others are mailed the new
   * VEVENT when what their calendar shows changed.
   */
  update(actor: Caller, id: string, input: UpdateMeetingDto, expectedVersion: number): Promise<MeetingView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await findVisibleMeeting(tx.manager, meetingViewerOf(actor), id, { lock: true });
      assertVersion(meeting.version, expectedVersion);
      assertScheduled(meeting, 'changing it');
      const agenda = (await agendasOf(tx.manager, [id])).get(id)!;
      const before = toMeetingView(meeting, agenda);
      // The meeting as the invitees last had it: what members taken off the list are told (nothing newer).
      const asLastSent: Meeting = { ...meeting, inviteeMemberCodes: [...meeting.inviteeMemberCodes] };
      const wasInvited = (code: string) => asLastSent.inviteeMemberCodes.includes(code);

      for (const field of ['title', 'kind', 'timeZone', 'exercise', 'location', 'virtualUrl'] as const) {
        if (input[field] !== undefined) Object.assign(meeting, { [field]: input[field] });
      }
      if (input.startsAt !== undefined) meeting.startsAt = parseInstant('startsAt', input.startsAt);
      if (input.endsAt !== undefined) meeting.endsAt = parseInstant('endsAt', input.endsAt);
      if (input.startsAt !== undefined || input.endsAt !== undefined) checkSchedule(meeting.startsAt, meeting.endsAt);
      checkPlace(meeting.location, meeting.virtualUrl);
      if (input.hostMemberCodes !== undefined || input.inviteeMemberCodes !== undefined) {
        const hosts = unique(input.hostMemberCodes ?? meeting.hostMemberCodes);
        // Only members joining, as hosts or invitees, must be active: one deactivated since it was invited stays
        // on the meeting through changes that keep it (it is out of the meeting's mail), and is not added back.
        await checkActiveMembers(tx.manager, [
          {
            field: 'hostMemberCodes',
            codes: (input.hostMemberCodes ?? []).filter((code) => !meeting.hostMemberCodes.includes(code)),
          },
          { field: 'inviteeMemberCodes', codes: (input.inviteeMemberCodes ?? []).filter((code) => !wasInvited(code)) },
        ]);
        meeting.hostMemberCodes = hosts;
        meeting.inviteeMemberCodes = withHosts(input.inviteeMemberCodes ?? meeting.inviteeMemberCodes, hosts);
        assertNamedMembersStayInvited(agenda, meeting.minutesActionItems, meeting.inviteeMemberCodes);
      }
      // Only members joining must see what the agenda links. Those already invited are not checked again: a record
      // they can no longer see is hidden from them, and must not stop a change such as removing someone.
      const added = meeting.inviteeMemberCodes.filter((code) => !wasInvited(code));
      await assertAgendaNoticesVisibleTo(tx.manager, id, added);
      await assertAgendaProposalsVisibleTo(tx.manager, id, added);

      const changes = fieldChanges(before, toMeetingView(meeting, agenda), EDITABLE);
      if (Object.keys(changes).length === 0) return before;
      const saved = await tx.manager.save(meeting);
      tx.audit({ action: 'meeting.updated', entityType: 'meeting', entityId: id, changes });

      const removed = asLastSent.inviteeMemberCodes.filter((code) => !saved.inviteeMemberCodes.includes(code));
      const kept = saved.inviteeMemberCodes.filter(wasInvited);
      if (added.length) await this.mail.invitation(tx, saved, added);
      if (removed.length) await this.mail.uninvited(tx, asLastSent, saved, removed);
      if (kept.length && ON_THE_CALENDAR.some((field) => field in changes)) await this.mail.updated(tx, saved, kept);
      return toMeetingView(saved, agenda);
    });
  }

  /** Cancels a scheduled meeting and tells every invitee, with a METHOD:CANCEL calendar attachment. */
  cancel(actor: Caller, id: string, expectedVersion?: number): Promise<MeetingView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await findVisibleMeeting(tx.manager, meetingViewerOf(actor), id, { lock: true });
      assertVersion(meeting.version, expectedVersion);
      const status = statusOf(meeting);
      if (status !== 'scheduled') throw invalidState(`The meeting is already ${status}; it cannot be cancelled.`);
      const before: Pick<MeetingView, 'status' | 'cancelledAt'> = { status, cancelledAt: null };
      meeting.status = 'cancelled';
      meeting.cancelledAt = new Date();
      const saved = await tx.manager.save(meeting);
      const view = await meetingViewOf(tx.manager, saved, actor);
      tx.audit({
        action: 'meeting.cancelled',
        entityType: 'meeting',
        entityId: id,
        changes: fieldChanges(before, view, ['status', 'cancelledAt']),
      });
      await this.mail.cancelled(tx, saved);
      return view;
    });
  }
}
