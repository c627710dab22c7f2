import type { EntityManager } from 'typeorm';
import { notFound } from '../common/errors/app-error.js';
import { Notice } from './notice.entity.js';
import { visibleNotices, type NoticeFacts, type NoticeViewer } from './notices.policy.js';

/**
 * Loads one notice as the viewer may see it: anything else is "not found", never "forbidden".
 * `lock` takes the row for the rest of the transaction (for changes).
 */
export async function findVisibleNotice(
  manager: EntityManager,
  viewer: NoticeViewer,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Notice> {
  const visible = visibleNotices(viewer, 'n');
  const builder = manager
    .createQueryBuilder(Notice, 'n')
    .where('n.id = :id', { id })
    .andWhere(visible.where, visible.params);
  if (options.lock) builder.setLock('pessimistic_write');
  const notice = await builder.getOne();
  if (!notice) throw notFound('Notice');
  return notice;
}

export const factsOf = (notice: Notice): NoticeFacts => ({
  status: notice.status,
  tlp: notice.tlp,
  authorMemberCode: notice.authorMemberCode,
  audience: { scope: notice.audienceScope, memberCodes: notice.audienceMemberCodes },
});
