import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, pageSize, toPage, type PageQuery } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { entityColumns, readNamed } from '../database/sql.js';
import type { ListMeetingsQuery } from './dto/list-meetings.dto.js';
import { agendaAsSeenBy, linksVisibleTo, withVisibleLinks } from './agenda-presenter.js';
import { MeetingAgendaItem } from './meeting-agenda-item.entity.js';
import { MeetingCalendar } from './meeting-calendar.js';
import { agendasOf, findVisibleMeeting, meetingViewOf } from './meeting-finder.js';
import { parseInstant } from './meeting-input.js';
import { Meeting } from './meeting.entity.js';
import {
  toAgendaItemView,
  toMeetingView,
  type AgendaItemPageView,
  type MeetingPageView,
  type MeetingView,
} from './meeting.view.js';
import { meetingViewerOf, statusSql, visibleMeetings } from './meetings.policy.js';

/** Reading meetings: one, a page, an agenda, the calendar file; always through the visibility predicate. */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: MeetingCalendar,
  ) {}

  async get(actor: Actor, id: string): Promise<MeetingView> {
    const manager = this.dataSource.manager;
    return meetingViewOf(manager, await findVisibleMeeting(manager, meetingViewerOf(actor), id), actor);
  }

  /** By start (startsAt asc, id asc), keyset-paginated; agendas of the page come in one more query. */
  async list(actor: Actor, query: ListMeetingsQuery): Promise<MeetingPageView> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['instant', 'id']);
    const visible = visibleMeetings(meetingViewerOf(actor), 'm');
    const conditions = [visible.where];
    const params: Record<string, unknown> = { ...visible.params, limit: limit + 1 };
    if (after) {
      conditions.push('(m.starts_at, m.id) > (:afterAt, :afterId)');
      Object.assign(params, { afterAt: after[0], afterId: after[1] });
    }
    if (query.from) {
      conditions.push('m.starts_at >= :from');
      params.from = parseInstant('from', query.from);
    }
    if (query.to) {
      conditions.push('m.starts_at < :to');
      params.to = parseInstant('to', query.to);
    }
    if (query.status) conditions.push(statusSql(query.status, 'm'));
    const rows = await readNamed<Meeting>(
      this.dataSource,
      `SELECT ${entityColumns(this.dataSource, Meeting, 'm')} FROM meeting m WHERE ${conditions.join(' AND ')}
       ORDER BY m.starts_at, m.id LIMIT :limit`,
      params,
      { prepare: true },
    );
    const manager = this.dataSource.manager;
    const agendas = await agendasOf(
      manager,
      rows.slice(0, limit).map((meeting) => meeting.id),
    );
    // What the page's agendas link, as this reader may see it: one query per kind for the whole page.
    const [links] = await linksVisibleTo(manager, [actor], [...agendas.values()].flat());
    const now = new Date();
    return toPage(
      rows,
      limit,
      (meeting) => [meeting.startsAt.toISOString(), meeting.id],
      (meeting) =>
        toMeetingView(
          meeting,
          agendas.get(meeting.id)!.map((item) => withVisibleLinks(item, links)),
          now,
        ),
    );
  }

  /** The agenda in order, paginated like every list (by position). */
  async agenda(actor: Actor, id: string, query: PageQuery): Promise<AgendaItemPageView> {
    const manager = this.dataSource.manager;
    await findVisibleMeeting(manager, meetingViewerOf(actor), id);
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['position']);
    const builder = manager
      .createQueryBuilder(MeetingAgendaItem, 'i')
      .where('i.meeting_id = :id', { id })
      .orderBy('i.position', 'ASC')
      .limit(limit + 1);
    if (after) builder.andWhere('i.position > :after', { after: after[0] });
    const items = await agendaAsSeenBy(manager, actor, await builder.getMany());
    return toPage(items, limit, (item) => [item.position], toAgendaItemView);
  }

  /** The meeting as an iCalendar file (METHOD:PUBLISH) with its stable UID and current SEQUENCE. */
  async calendarFile(actor: Actor, id: string): Promise<string> {
    const meeting = await findVisibleMeeting(this.dataSource.manager, meetingViewerOf(actor), id);
    return this.calendar.ics(meeting, { method: 'PUBLISH' });
  }
}
