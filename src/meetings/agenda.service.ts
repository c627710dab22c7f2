import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fieldChanges } from '../audit/audit-actions.js';
import { invalidFields, invalidState, notFound } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Actor, Caller } from '../common/request-context.js';
import { touchRecord } from '../database/records.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { assertNoticeLinkAllowed, assertProposalLinkAllowed } from './agenda-links.js';
import { MAX_AGENDA_ITEMS, type CreateAgendaItemDto, type UpdateAgendaItemDto } from './dto/agenda.dto.js';
import { MeetingAgendaItem } from './meeting-agenda-item.entity.js';
import { assertScheduled, findVisibleMeeting, meetingViewOf } from './meeting-finder.js';
import { Meeting } from './meeting.entity.js';
import { toAgendaItemView, type AgendaItemView, type MeetingView } from './meeting.view.js';
import { meetingViewerOf } from './meetings.policy.js';

type ItemLinks = Pick<UpdateAgendaItemDto, 'presenterMemberCode' | 'noticeId' | 'proposalId'>;

const EDITABLE: (keyof AgendaItemView)[] = [
  'title',
  'description',
  'presenterMemberCode',
  'durationMinutes',
  'noticeId',
  'proposalId',
];

/**
 * Preparing the agenda (admins and the secretariat) while the meeting is scheduled. Positions stay dense (1..n):
 * inserting shifts the items below, deleting closes the gap, reordering takes the whole list. Every change locks
 * the meeting row first, bumps the meeting's version (its view holds the agenda) and raises the version of each
 * item whose position moved.
 */
@Injectable()
export class AgendaService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  add(actor: Caller, meetingId: string, input: CreateAgendaItemDto, expectedVersion?: number): Promise<AgendaItemView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await this.lockMeeting(tx.manager, actor, meetingId, expectedVersion);
      const [{ count }] = (await tx.manager.query(
        'SELECT count(*)::int AS count FROM meeting_agenda_item WHERE meeting_id = $1',
        [meetingId],
      )) as [{ count: number }];
      if (count >= MAX_AGENDA_ITEMS) throw invalidState(`The agenda already holds ${MAX_AGENDA_ITEMS} items.`);
      const position = input.position ?? count + 1;
      if (position > count + 1) {
        throw invalidFields([
          { field: 'position', message: `must be from 1 to ${count + 1} (the agenda holds ${count})` },
        ]);
      }
      await checkLinks(tx.manager, meeting, input);
      await tx.manager.query(
        `UPDATE meeting_agenda_item SET position = position + 1, version = version + 1
         WHERE meeting_id = $1 AND position >= $2`,
        [meetingId, position],
      );
      const item = await tx.manager.save(
        tx.manager.create(MeetingAgendaItem, {
          meetingId,
          position,
          title: input.title,
          description: input.description ?? '',
          presenterMemberCode: input.presenterMemberCode ?? null,
          durationMinutes: input.durationMinutes ?? null,
          noticeId: input.noticeId ?? null,
          proposalId: input.proposalId ?? null,
        }),
      );
      await touchRecord(tx.manager, Meeting, meeting);
      const view = toAgendaItemView(item);
      tx.audit({
        action: 'meeting.agenda_item_added',
        entityType: 'meeting',
        entityId: meetingId,
        changes: { after: { ...view } },
      });
      return view;
    });
  }

  /** Needs If-Match with the item's ETag. */
  edit(
    actor: Caller,
    meetingId: string,
    itemId: string,
    input: UpdateAgendaItemDto,
    expectedVersion: number,
  ): Promise<AgendaItemView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await findVisibleMeeting(tx.manager, meetingViewerOf(actor), meetingId, { lock: true });
      const item = await findItem(tx.manager, meetingId, itemId);
      assertVersion(item.version, expectedVersion);
      assertScheduled(meeting, 'changing its agenda');
      const before = toAgendaItemView(item);
      await checkLinks(tx.manager, meeting, input);
      for (const field of EDITABLE) {
        const value = input[field as keyof UpdateAgendaItemDto];
        if (value !== undefined) Object.assign(item, { [field]: value });
      }
      const changes = fieldChanges(before, toAgendaItemView(item), EDITABLE);
      if (Object.keys(changes).length === 0) return before;
      const saved = await tx.manager.save(item);
      await touchRecord(tx.manager, Meeting, meeting);
      tx.audit({
        action: 'meeting.agenda_item_updated',
        entityType: 'meeting',
        entityId: meetingId,
        changes: { itemId, changes },
      });
      return toAgendaItemView(saved);
    });
  }

  /** Honours If-Match (the item's ETag) when sent. */
  remove(actor: Caller, meetingId: string, itemId: string, expectedVersion?: number): Promise<void> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await findVisibleMeeting(tx.manager, meetingViewerOf(actor), meetingId, { lock: true });
      const item = await findItem(tx.manager, meetingId, itemId);
      assertVersion(item.version, expectedVersion);
      assertScheduled(meeting, 'changing its agenda');
      await tx.manager.delete(MeetingAgendaItem, { id: itemId });
      await tx.manager.query(
        `UPDATE meeting_agenda_item SET position = position - 1, version = version + 1
         WHERE meeting_id = $1 AND position > $2`,
        [meetingId, item.position],
      );
      await touchRecord(tx.manager, Meeting, meeting);
      tx.audit({
        action: 'meeting.agenda_item_removed',
        entityType: 'meeting',
        entityId: meetingId,
        changes: { before: { ...toAgendaItemView(item) } },
      });
    });
  }

  /** `itemIds` must list every current item exactly once. Honours If-Match (the meeting's ETag) when sent. */
  reorder(actor: Caller, meetingId: string, itemIds: string[], expectedVersion?: number): Promise<MeetingView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const meeting = await this.lockMeeting(tx.manager, actor, meetingId, expectedVersion);
      const rows = (await tx.manager.query(
        'SELECT id FROM meeting_agenda_item WHERE meeting_id = $1 ORDER BY position',
        [meetingId],
      )) as { id: string }[];
      const current = rows.map((row) => row.id);
      checkCompleteOrder(current, itemIds);
      if (current.every((id, index) => id === itemIds[index])) return meetingViewOf(tx.manager, meeting, actor);
      await tx.manager.query(
        `UPDATE meeting_agenda_item AS i SET position = o.position, version = i.version + 1
         FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
         WHERE i.meeting_id = $1 AND i.id = o.id AND i.position <> o.position`,
        [meetingId, itemIds],
      );
      await touchRecord(tx.manager, Meeting, meeting);
      tx.audit({
        action: 'meeting.agenda_reordered',
        entityType: 'meeting',
        entityId: meetingId,
        changes: { from: current, to: itemIds },
      });
      return meetingViewOf(tx.manager, meeting, actor);
    });
  }

  private async lockMeeting(
    manager: EntityManager,
    actor: Actor,
    meetingId: string,
    expectedVersion: number | undefined,
  ): Promise<Meeting> {
    const meeting = await findVisibleMeeting(manager, meetingViewerOf(actor), meetingId, { lock: true });
    assertVersion(meeting.version, expectedVersion);
    assertScheduled(meeting, 'changing its agenda');
    return meeting;
  }
}

async function findItem(manager: EntityManager, meetingId: string, itemId: string): Promise<MeetingAgendaItem> {
  const item = await manager.findOneBy(MeetingAgendaItem, { id: itemId, meetingId });
  if (!item) throw notFound('Agenda item');
  return item;
}

/** A presenter is an invited member; linked records must be visible to every invited member. */
async function checkLinks(manager: EntityManager, meeting: Meeting, input: ItemLinks): Promise<void> {
  const presenter = input.presenterMemberCode;
  if (presenter !== undefined && presenter !== null && !meeting.inviteeMemberCodes.includes(presenter)) {
    throw invalidFields([{ field: 'presenterMemberCode', message: `${presenter} is not invited to this meeting` }]);
  }
  if (input.noticeId !== undefined) await assertNoticeLinkAllowed(manager, input.noticeId, meeting.inviteeMemberCodes);
  if (input.proposalId !== undefined) {
    await assertProposalLinkAllowed(manager, input.proposalId, meeting.inviteeMemberCodes);
  }
}

/** The new order names every current item exactly once, and nothing else. */
function checkCompleteOrder(current: string[], itemIds: string[]): void {
  const seen = new Set<string>();
  const duplicates = itemIds.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  const unknown = itemIds.filter((id) => !current.includes(id));
  const missing = current.filter((id) => !seen.has(id));
  const problems = [
    ...(duplicates.length ? [`lists ${[...new Set(duplicates)].join(', ')} more than once`] : []),
    ...(unknown.length ? [`names items not on this agenda: ${unknown.join(', ')}`] : []),
    ...(missing.length ? [`leaves out ${missing.join(', ')}`] : []),
  ];
  if (problems.length) {
    throw invalidFields([
      { field: 'itemIds', message: `must list every agenda item exactly once; it ${problems.join('; ')}` },
    ]);
  }
}
