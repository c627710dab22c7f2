import type { EntityManager } from 'typeorm';
import { invalidFields } from '../common/errors/app-error.js';
import type { Actor } from '../common/request-context.js';
import { Notice } from '../notices/notice.entity.js';
import { viewerOf as noticeViewerOf, visibleNotices } from '../notices/notices.policy.js';

export const MAX_LINKED_NOTICES = 20;
/** A decision a year away is no rapid response; a bound also keeps timed jobs within reason. */
export const MAX_DEADLINE_DAYS = 366;

/** The deadline as a Date: in the future, and at most MAX_DEADLINE_DAYS ahead (400 otherwise). */
export function checkDeadline(deadline: string, now = new Date()): Date {
  const at = new Date(deadline);
  if (Number.isNaN(at.getTime())) throw invalidFields([{ field: 'deadline', message: 'must be an ISO 8601 instant' }]);
  if (at.getTime() <= now.getTime()) throw invalidFields([{ field: 'deadline', message: 'must be in the future' }]);
  if (at.getTime() > now.getTime() + MAX_DEADLINE_DAYS * 86_400_000) {
    throw invalidFields([{ field: 'deadline', message: `must be at most ${MAX_DEADLINE_DAYS} days ahead` }]);
  }
  return at;
}

/**
 * The linked notices, without duplicates (first place kept). Each must be a notice `actor` may see, by the
 * notices' own policy; one that does not exist and one the actor may not see get the same answer, so the
 * error reveals nothing the actor could not already read.
 */
export async function checkLinkedNotices(manager: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return [];
  const visible = visibleNotices(noticeViewerOf(actor), 'n');
  const found = await manager
    .createQueryBuilder(Notice, 'n')
    .select('n.id')
    .where('n.id IN (:...wanted)', { wanted })
    .andWhere(visible.where, visible.params)
    .getMany();
  const seen = new Set(found.map((notice) => notice.id));
  const errors = ids
    .map((id, index) => ({ id: id.toLowerCase(), index }))
    .filter(({ id }) => !seen.has(id))
    .map(({ id, index }) => ({ field: `noticeIds.${index}`, message: `${id} is not a notice you can see` }));
  if (errors.length) throw invalidFields(errors);
  return wanted;
}
