import type { EntityManager } from 'typeorm';
import { invalidState, notFound } from '../common/errors/app-error.js';
import type { Actor } from '../common/request-context.js';
import { entityColumns, readNamed } from '../database/sql.js';
import { agendaAsSeenBy } from './agenda-presenter.js';
import { MeetingAgendaItem } from './meeting-agenda-item.entity.js';
import { Meeting } from './meeting.entity.js';
import { statusOf, visibleMeetings, type MeetingViewer } from './meetings.policy.js';
import { toMeetingView, type MeetingView } from './meeting.view.js';

/**
 * Loads one meeting as the viewer may see it: anything else is "not found", never "forbidden".
 * `lock` takes the row for the rest of the transaction: every change to a meeting, its agenda or its minutes
 * locks it first, so concurrent changes to one meeting run one after the other.
 */
export async function findVisibleMeeting(
  manager: EntityManager,
  viewer: MeetingViewer,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Meeting> {
  const visible = visibleMeetings(viewer, 'm');
  const builder = manager
    .createQueryBuilder(Meeting, 'm')
    .where('m.id = :id', { id })
    .andWhere(visible.where, visible.params);
  if (options.lock) builder.setLock('pessimistic_write');
  const meeting = await builder.getOne();
  if (!meeting) throw notFound('Meeting');
  return meeting;
}

/** The agendas of several meetings in one query, each ordered by position. */
export async function agendasOf(
  manager: EntityManager,
  meetingIds: string[],
): Promise<Map<string, MeetingAgendaItem[]>> {
  const agendas = new Map<string, MeetingAgendaItem[]>(meetingIds.map((id) => [id, []]));
  if (meetingIds.length === 0) return agendas;
  const items = await readNamed<MeetingAgendaItem>(
    manager,
    `SELECT ${entityColumns(manager.dataSource, MeetingAgendaItem, 'i')} FROM meeting_agenda_item i
     WHERE i.meeting_id = ANY(:ids) ORDER BY i.meeting_id, i.position`,
    { ids: meetingIds },
  );
  for (const item of items) agendas.get(item.meetingId)!.push(item);
  return agendas;
}

/** The meeting with its agenda, as the API shows it to `reader` (links to what the reader may not see are null). */
export async function meetingViewOf(manager: EntityManager, meeting: Meeting, reader: Actor): Promise<MeetingView> {
  const agenda = (await agendasOf(manager, [meeting.id])).get(meeting.id)!;
  const seen = await agendaAsSeenBy(manager, reader, agenda);
  return toMeetingView(meeting, seen);
}

/** Meetings change only while scheduled: a 409 naming the status otherwise. `doing` says what was refused. */
export function assertScheduled(meeting: Meeting, doing: string): void {
  const status = statusOf(meeting);
  if (status !== 'scheduled') {
    throw invalidState(`The meeting is ${status}; ${doing} is only possible while it is scheduled.`);
  }
}
