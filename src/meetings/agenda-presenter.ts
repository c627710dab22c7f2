import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import { viewerOf as noticeViewerOf, visibleToMemberSql, type NoticeViewer } from '../notices/notices.policy.js';
import { viewerOf as proposalViewerOf, visibleProposals, type ProposalViewer } from '../proposals/proposals.policy.js';

/**
 * Links were checked against every invitee when made, but a notice's audience may narrow and a proposal be
 * withdrawn later. An agenda therefore names a linked record only to readers who may still open it, as
 * proposals do with their notices: to anyone else the link reads as null (not even the id is shown).
 */

/** What an agenda item may point at. */
export interface AgendaLinks {
  noticeId: string | null;
  proposalId: string | null;
}

/** The linked records one reader may see, by id. */
export interface VisibleLinks {
  notices: ReadonlySet<string>;
  proposals: ReadonlySet<string>;
}

/**
 * The linked records each reader (an API caller, or an email's recipient as the user it is) may see, in the order
 * of `readers`: one query per kind whatever the number of items and readers, none for staff, who see everything.
 */
export async function linksVisibleTo(
  manager: EntityManager,
  readers: Actor[],
  items: Partial<AgendaLinks>[],
): Promise<VisibleLinks[]> {
  const notices = await noticesVisibleTo(
    manager,
    readers.map(noticeViewerOf),
    distinct(items.map((item) => item.noticeId)),
  );
  const proposals = await proposalsVisibleTo(
    manager,
    readers.map(proposalViewerOf),
    distinct(items.map((item) => item.proposalId)),
  );
  return readers.map((_, index) => ({ notices: notices[index], proposals: proposals[index] }));
}

/** The item as a reader with these visible links reads it: a link to anything else is null. */
export function withVisibleLinks<T extends AgendaLinks>(item: T, visible: VisibleLinks): T {
  const noticeId = item.noticeId !== null && visible.notices.has(item.noticeId) ? item.noticeId : null;
  const proposalId = item.proposalId !== null && visible.proposals.has(item.proposalId) ? item.proposalId : null;
  return noticeId === item.noticeId && proposalId === item.proposalId ? item : { ...item, noticeId, proposalId };
}

/** Agenda items as one reader may read them. */
export async function agendaAsSeenBy<T extends AgendaLinks>(
  manager: EntityManager,
  reader: Actor,
  items: T[],
): Promise<T[]> {
  const [visible] = await linksVisibleTo(manager, [reader], items);
  return items.map((item) => withVisibleLinks(item, visible));
}

/**
 * Under the notices policy: member readers in one query, each by its member and kind (`visibleToMemberSql`, the
 * predicate `visibleNotices` applies for one member, here joined over all of them at once).
 */
async function noticesVisibleTo(
  manager: EntityManager,
  viewers: NoticeViewer[],
  noticeIds: string[],
): Promise<Set<string>[]> {
  const members = new Map<string, Extract<NoticeViewer, { sees: 'member' }>>();
  for (const viewer of viewers) {
    if (viewer.sees === 'member') members.set(memberKey(viewer.memberCode, viewer.memberKind), viewer);
  }
  const readers = [...members.values()];
  const rows =
    noticeIds.length === 0 || readers.length === 0
      ? []
      : ((await manager.query(
          `SELECT n.id, r.code, r.kind FROM notice n
           JOIN unnest($2::varchar[], $3::varchar[]) AS r(code, kind) ON ${visibleToMemberSql('n', 'r.code', 'r.kind')}
           WHERE n.id = ANY($1)`,
          [noticeIds, readers.map((reader) => reader.memberCode), readers.map((reader) => reader.memberKind)],
        )) as { id: string; code: string; kind: string }[]);
  const seenBy = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = memberKey(row.code, row.kind);
    seenBy.set(key, (seenBy.get(key) ?? new Set()).add(row.id));
  }
  return viewers.map((viewer) => {
    if (viewer.sees === 'everything') return new Set(noticeIds);
    if (viewer.sees === 'nothing') return new Set();
    return seenBy.get(memberKey(viewer.memberCode, viewer.memberKind)) ?? new Set();
  });
}

/** Under the proposals policy (`visibleProposals`): one column per kind of reader, in one query. */
async function proposalsVisibleTo(
  manager: EntityManager,
  viewers: ProposalViewer[],
  proposalIds: string[],
): Promise<Set<string>[]> {
  // Staff see every proposal and a member role without a member none: only focal points and observers need asking.
  const kinds = distinct(
    viewers.map((viewer) => (viewer.sees === 'everything' || viewer.sees === 'nothing' ? null : viewer.sees)),
  );
  const rows =
    proposalIds.length === 0 || kinds.length === 0
      ? []
      : ((await manager.query(
          `SELECT p.id, ${kinds.map((sees) => `${visibleProposals({ sees }, 'p').where} AS "${sees}"`).join(', ')}
           FROM proposal p WHERE p.id = ANY($1)`,
          [proposalIds],
        )) as ({ id: string } & Partial<Record<(typeof kinds)[number], boolean>>)[]);
  return viewers.map((viewer) => {
    if (viewer.sees === 'everything') return new Set(proposalIds);
    if (viewer.sees === 'nothing') return new Set();
    return new Set(rows.filter((row) => row[viewer.sees]).map((row) => row.id));
  });
}

const memberKey = (code: string, kind: string) => `${code}/${kind}`;

function distinct<T>(values: (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== null && value !== undefined))];
}
