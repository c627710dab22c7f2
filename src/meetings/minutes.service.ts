import { Injectable } from '@nestjs/common';
import { invalidFields } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { WriteMinutesDto } from './dto/minutes.dto.js';
import { findVisibleMeeting, meetingViewOf } from './meeting-finder.js';
import type { MeetingView } from './meeting.view.js';
import { meetingViewerOf } from './meetings.policy.js';

/** The secretariat's minutes and action items; the invitees read them in the meeting. */
@Injectable()
export class MinutesService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /**
   * Writes (or rewrites) the minutes at any time: before, during or after the meeting, and after a cancellation.
   * Each action item's owner must be an invited member, who can read it. Honours If-Match when sent.
   */
  write(actor: Caller, meetingId: string, input: WriteMinutesDto, expectedVersion?: number): Promise<MeetingView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await findVisibleMeeting(tx.manager, meetingViewerOf(actor), meetingId, { lock: true });
      assertVersion(meeting.version, expectedVersion);
      const errors = input.actionItems.flatMap((item, index) =>
        meeting.inviteeMemberCodes.includes(item.ownerMemberCode)
          ? []
          : [{ field: `actionItems.${index}.ownerMemberCode`, message: `${item.ownerMemberCode} is not invited` }],
      );
      if (errors.length) throw invalidFields(errors);
      const replaced = meeting.minutesText !== null;
      meeting.minutesText = input.text;
      meeting.minutesActionItems = input.actionItems.map(({ title, ownerMemberCode, dueDate }) => ({
        title,
        ownerMemberCode,
        dueDate,
      }));
      meeting.minutesUpdatedAt = new Date();
      meeting.minutesUpdatedBy = actor.id;
      const saved = await tx.manager.save(meeting);
      tx.audit({
        action: 'meeting.minutes_written',
        entityType: 'meeting',
        entityId: meetingId,
        changes: { actionItems: input.actionItems.length, replaced },
      });
      return meetingViewOf(tx.manager, saved, actor);
    });
  }
}
