import { ApiProperty } from '@nestjs/swagger';
import { answeredInFull } from '../common/etag.js';
import { ApiInteger } from '../common/openapi.js';
import type { Page } from '../common/pagination.js';
import type { MeetingAgendaItem } from './meeting-agenda-item.entity.js';
import type { AttendanceResponse, MeetingAttendance } from './meeting-attendance.entity.js';
import type { Meeting, MeetingKind, MeetingStatus } from './meeting.entity.js';
import { statusOf } from './meetings.policy.js';

/** One item of the agenda. */
export class AgendaItemView {
  id: string;
  /** 1..n, dense. */
  @ApiInteger()
  position: number;
  title: string;
  description: string;
  presenterMemberCode: string | null;
  @ApiInteger({ nullable: true })
  durationMinutes: number | null;
  noticeId: string | null;
  proposalId: string | null;
  @ApiInteger()
  version: number;
}

export class AgendaItemPageView implements Page<AgendaItemView> {
  data: AgendaItemView[];
  nextCursor: string | null;
}

export class ActionItemView {
  title: string;
  ownerMemberCode: string;
  /** YYYY-MM-DD */
  dueDate: string;
}

export class MinutesView {
  text: string;
  actionItems: ActionItemView[];
  updatedAt: string;
  /** The id of the user who last wrote them. */
  updatedBy: string;
}

/** A meeting as the API shows it, with its agenda in order and its minutes. */
export class MeetingView {
  id: string;
  title: string;
  kind: MeetingKind;
  startsAt: string;
  endsAt: string;
  /** IANA time zone the meeting is held in. */
  timeZone: string;
  location: string | null;
  virtualUrl: string | null;
  hostMemberCodes: string[];
  /** The hosts included. */
  inviteeMemberCodes: string[];
  /** `held` once `endsAt` has passed (derived from the clock), unless cancelled. */
  status: MeetingStatus;
  /** How many times the agenda was circulated (0 until the first). */
  @ApiInteger()
  agendaVersion: number;
  agenda: AgendaItemView[];
  // Described inline: a nullable $ref cannot say "null or this object" in OpenAPI 3.0.
  @ApiProperty({
    type: 'object',
    nullable: true,
    selfRequired: true,
    description: 'The minutes and action items; null until the secretariat writes them',
    required: ['text', 'actionItems', 'updatedAt', 'updatedBy'],
    properties: {
      text: { type: 'string' },
      actionItems: {
        type: 'array',
        items: {
          type: 'object',
          required: ['title', 'ownerMemberCode', 'dueDate'],
          properties: {
            title: { type: 'string' },
            ownerMemberCode: { type: 'string' },
            dueDate: { type: 'string', format: 'date' },
          },
        },
      },
      updatedAt: { type: 'string', format: 'date-time' },
      updatedBy: { type: 'string', format: 'uuid' },
    },
  })
  minutes: MinutesView | null;
  /** A table-top exercise meeting. */
  exercise: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  @ApiInteger()
  version: number;
}

export class MeetingPageView implements Page<MeetingView> {
  data: MeetingView[];
  nextCursor: string | null;
}

export class AttendanceReplyView {
  memberCode: string;
  response: AttendanceResponse;
  attendees: string[];
  /** The id of the user who replied. */
  repliedBy: string;
  repliedAt: string;
}

export class AttendanceView {
  /** The current reply of each invited member that replied, by member code. */
  replies: AttendanceReplyView[];
  /** Invited members without a reply, alphabetical. */
  pending: string[];
}

export const toAgendaItemView = (item: MeetingAgendaItem): AgendaItemView => ({
  id: item.id,
  position: item.position,
  title: item.title,
  description: item.description,
  presenterMemberCode: item.presenterMemberCode,
  durationMinutes: item.durationMinutes,
  noticeId: item.noticeId,
  proposalId: item.proposalId,
  version: item.version,
});

function minutesOf(meeting: Meeting): MinutesView | null {
  if (meeting.minutesText === null || !meeting.minutesUpdatedAt || !meeting.minutesUpdatedBy) return null;
  return {
    text: meeting.minutesText,
    actionItems: (meeting.minutesActionItems ?? []).map(({ title, ownerMemberCode, dueDate }) => ({
      title,
      ownerMemberCode,
      dueDate,
    })),
    updatedAt: meeting.minutesUpdatedAt.toISOString(),
    updatedBy: meeting.minutesUpdatedBy,
  };
}

/**
 * `agenda` must hold the meeting's items ordered by position. Answered in full to conditional reads: the status
 * follows the clock, and the agenda's links what the reader may see, without the version changing.
 */
export function toMeetingView(meeting: Meeting, agenda: MeetingAgendaItem[], now = new Date()): MeetingView {
  return answeredInFull({
    id: meeting.id,
    title: meeting.title,
    kind: meeting.kind,
    startsAt: meeting.startsAt.toISOString(),
    endsAt: meeting.endsAt.toISOString(),
    timeZone: meeting.timeZone,
    location: meeting.location,
    virtualUrl: meeting.virtualUrl,
    hostMemberCodes: [...meeting.hostMemberCodes],
    inviteeMemberCodes: [...meeting.inviteeMemberCodes],
    status: statusOf(meeting, now),
    agendaVersion: meeting.agendaVersion,
    agenda: agenda.map(toAgendaItemView),
    minutes: minutesOf(meeting),
    exercise: meeting.exercise,
    createdBy: meeting.createdBy,
    createdAt: meeting.createdAt.toISOString(),
    updatedAt: meeting.updatedAt.toISOString(),
    cancelledAt: meeting.cancelledAt ? meeting.cancelledAt.toISOString() : null,
    version: meeting.version,
  });
}

export const toAttendanceReplyView = (reply: MeetingAttendance): AttendanceReplyView => ({
  memberCode: reply.memberCode,
  response: reply.response,
  attendees: [...reply.attendees],
  repliedBy: reply.repliedBy,
  repliedAt: reply.repliedAt.toISOString(),
});
