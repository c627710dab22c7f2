import type { EntityManager } from 'typeorm';
import { notFound } from '../common/errors/app-error.js';
import { entityColumns, readNamed } from '../database/sql.js';
import { Notice } from './notice.entity.js';
import { visibleNotices, type NoticeFacts, type NoticeViewer } from './notices.policy.js';

/**
 * Loads one notice as the viewer may see it: anything else is "not found", never "forbidden".
 * `lock` holds the row for the rest of the transaction: `update` for a change of the notice, `share` for a write
 * that only needs it to stay as read (an acknowledgement: an archive or withdrawal then waits for it, or it for them).
 */
export async function findVisibleNotice(
  manager: EntityManager,
  viewer: NoticeViewer,
  id: string,
  options: { lock?: 'update' | 'share' } = {},
): Promise<Notice> {
  const visible = visibleNotices(viewer, 'n');
  const [row] = await readNamed<Notice>(
    manager,
    `SELECT ${entityColumns(manager.dataSource, Notice, 'n')} FROM notice n
     WHERE n.id = :id AND ${visible.where}${options.lock ? ` FOR ${options.lock.toUpperCase()} OF n` : ''}`,
    { ...visible.params, id },
    { prepare: true },
  );
  if (!row) throw notFound('Notice');
  // A Notice, so that `save` knows its entity; the row has every column it selects, as TypeORM would read them.
  return Object.assign(new Notice(), row);
}

export const factsOf = (notice: Notice): NoticeFacts => ({
  status: notice.status,
  tlp: notice.tlp,
  authorMemberCode: notice.authorMemberCode,
  audience: { scope: notice.audienceScope, memberCodes: notice.audienceMemberCodes },
});
