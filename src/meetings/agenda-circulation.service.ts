import { Injectable } from '@nestjs/common';
import { invalidState } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { assertScheduled, findVisibleMeeting, meetingViewOf } from './meeting-finder.js';
import { MeetingMail, type CirculatedItem } from './meeting-mail.js';
import type { MeetingView } from './meeting.view.js';
import { meetingViewerOf } from './meetings.policy.js';

/** Sending the agenda to the invitees: each circulation is a new agenda version. */
@Injectable()
export class AgendaCirculationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: MeetingMail,
  ) {}

  /** Honours If-Match (the meeting's ETag) when sent. An empty agenda is not circulated (409). */
  circulate(actor: Caller, meetingId: string, expectedVersion?: number): Promise<MeetingView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await findVisibleMeeting(tx.manager, meetingViewerOf(actor), meetingId, { lock: true });
      assertVersion(meeting.version, expectedVersion);
      assertScheduled(meeting, 'circulating its agenda');
      const lines = (await tx.manager.query(
        `SELECT i.position, i.title, i.presenter_member_code AS "presenterMemberCode",
                i.duration_minutes AS "durationMinutes", i.notice_id AS "noticeId", n.reference AS "noticeReference"
         FROM meeting_agenda_item i LEFT JOIN notice n ON n.id = i.notice_id
         WHERE i.meeting_id = $1 ORDER BY i.position`,
        [meetingId],
      )) as CirculatedItem[];
      if (lines.length === 0) throw invalidState('The agenda is empty; there is nothing to circulate.');
      meeting.agendaVersion += 1;
      const saved = await tx.manager.save(meeting);
      const recipients = await this.mail.agenda(tx, saved, lines);
      tx.audit({
        action: 'meeting.agenda_circulated',
        entityType: 'meeting',
        entityId: meetingId,
        changes: { agendaVersion: saved.agendaVersion, recipients },
      });
      return meetingViewOf(tx.manager, saved, actor);
    });
  }
}
