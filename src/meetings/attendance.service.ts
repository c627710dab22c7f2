import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forbidden, invalidFields, invalidState, notFound } from '../common/errors/app-error.js';
import type { Actor, Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { AttendanceReplyDto } from './dto/attendance.dto.js';
import { MeetingAttendance } from './meeting-attendance.entity.js';
import { findVisibleMeeting } from './meeting-finder.js';
import { toAttendanceReplyView, type AttendanceReplyView, type AttendanceView } from './meeting.view.js';
import { mayReplyFor, meetingViewerOf, statusOf } from './meetings.policy.js';

// Control characters (C0, DEL, C1) have no place in a name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Replies to invitations: one current reply per invited member, given by its focal points or observers. */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * 404 when the caller cannot see the meeting, 403 when it may not reply for that member, 404 when that member
   * is not invited, 409 once the meeting is cancelled or held, 400 for a bad reply. A later reply replaces it.
   */
  reply(actor: Caller, meetingId: string, memberCode: string, input: AttendanceReplyDto): Promise<AttendanceReplyView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await findVisibleMeeting(tx.manager, meetingViewerOf(actor), meetingId, { lock: true });
      if (!mayReplyFor(actor, memberCode)) {
        throw forbidden('Only a focal point or observer representative of that member replies for it.');
      }
      if (!meeting.inviteeMemberCodes.includes(memberCode)) throw notFound(`Invitation of ${memberCode}`);
      const status = statusOf(meeting);
      if (status !== 'scheduled')
        throw invalidState(`The meeting is ${status}; invitations can no longer be answered.`);
      checkAttendees(input);
      const previous = await tx.manager.findOneBy(MeetingAttendance, { meetingId, memberCode });
      const [reply] = (await tx.manager.query(
        `INSERT INTO meeting_attendance (meeting_id, member_code, response, attendees, replied_by, replied_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (meeting_id, member_code) DO UPDATE
           SET response = EXCLUDED.response, attendees = EXCLUDED.attendees,
               replied_by = EXCLUDED.replied_by, replied_at = EXCLUDED.replied_at
         RETURNING id`,
        [meetingId, memberCode, input.response, JSON.stringify(input.attendees), actor.id],
      )) as { id: string }[];
      tx.audit({
        action: 'meeting.attendance_given',
        entityType: 'meeting',
        entityId: meetingId,
        changes: {
          memberCode,
          response: input.response,
          attendees: input.attendees,
          previous: previous?.response ?? null,
        },
      });
      return toAttendanceReplyView(await tx.manager.findOneByOrFail(MeetingAttendance, { id: reply.id }));
    });
  }

  /** The current replies of invited members, by member code, and the invited members that have not replied. */
  async list(actor: Actor, meetingId: string): Promise<AttendanceView> {
    const manager = this.dataSource.manager;
    const meeting = await findVisibleMeeting(manager, meetingViewerOf(actor), meetingId);
    const replies = await manager.find(MeetingAttendance, { where: { meetingId }, order: { memberCode: 'ASC' } });
    // Replies of members taken off the list since are kept but not shown.
    const current = replies.filter((reply) => meeting.inviteeMemberCodes.includes(reply.memberCode));
    const replied = new Set(current.map((reply) => reply.memberCode));
    return {
      replies: current.map(toAttendanceReplyView),
      pending: meeting.inviteeMemberCodes.filter((code) => !replied.has(code)).sort(),
    };
  }
}

/** Names are non-blank text without control characters; a member that declines sends nobody. */
function checkAttendees(input: AttendanceReplyDto): void {
  const errors = input.attendees.flatMap((name, index) =>
    CONTROL.test(name) ? [{ field: `attendees.${index}`, message: 'must not hold control characters' }] : [],
  );
  if (input.response === 'declined' && input.attendees.length > 0) {
    errors.push({ field: 'attendees', message: 'must be empty when declining' });
  }
  if (errors.length) throw invalidFields(errors);
}
