import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, pageSize, toPage, type Page } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { ListNoticesQuery } from './dto/list-notices.dto.js';
import { findVisibleNotice } from './notice-finder.js';
import { normalizeTag } from './notice-input.js';
import { Notice } from './notice.entity.js';
import { toNoticeView, type NoticeView } from './notice.view.js';
import { viewerOf, visibleNotices } from './notices.policy.js';

/** Reading notices: one, or a filtered, searchable page of those the caller may see. */
@Injectable()
export class NoticesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Reading a RED notice is itself audited, in the same transaction as the read. */
  get(actor: Actor, id: string): Promise<NoticeView> {
    return this.unitOfWork.run(async (tx) => {
      const notice = await findVisibleNotice(tx.manager, viewerOf(actor), id);
      if (notice.tlp === 'RED') {
        tx.audit({ action: 'notice.red_read', entityType: 'notice', entityId: id, changes: null });
      }
      return toNoticeView(notice);
    });
  }

  /** Newest first (createdAt desc, id desc), keyset-paginated; visibility is part of the query. */
  async list(actor: Actor, query: ListNoticesQuery): Promise<Page<NoticeView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2);
    const visible = visibleNotices(viewerOf(actor), 'n');
    const builder = this.dataSource.manager
      .createQueryBuilder(Notice, 'n')
      .where(visible.where, visible.params)
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit + 1);
    if (after)
      builder.andWhere('(n.created_at, n.id) < (:afterAt, :afterId)', { afterAt: after[0], afterId: after[1] });
    if (query.status) builder.andWhere('n.status = :status', { status: query.status });
    if (query.category) builder.andWhere('n.category = :category', { category: query.category });
    if (query.tlp) builder.andWhere('n.tlp = :tlp', { tlp: query.tlp });
    if (query.priority) builder.andWhere('n.priority = :priority', { priority: query.priority });
    if (query.member) builder.andWhere('n.source_member_code = :member', { member: query.member });
    if (query.tag) builder.andWhere('n.tags @> ARRAY[:tag]::text[]', { tag: normalizeTag(query.tag) });
    if (query.exercise) builder.andWhere('n.exercise = :exercise', { exercise: query.exercise === 'true' });
    if (query.from) builder.andWhere('n.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('n.created_at < :to', { to: query.to });
    if (query.q) builder.andWhere(`n.search @@ websearch_to_tsquery('simple', :q)`, { q: query.q });
    return toPage(await builder.getMany(), limit, (n) => [n.createdAt.toISOString(), n.id], toNoticeView);
  }
}
