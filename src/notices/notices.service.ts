import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/app-error.js';
import { decodeCursor, pageSize, SerializedPage, toPage, type Page } from '../common/pagination.js';
import type { Actor, Caller } from '../common/request-context.js';
import { SerializedRecord } from '../common/serialized-answer.js';
import { isoUtc, readNamed } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { ListNoticesQuery } from './dto/list-notices.dto.js';
import { noticeColumns, type NoticeRecord } from './notice-columns.js';
import { findVisibleNotice } from './notice-finder.js';
import { NoticeJsonCache, type NoticeState } from './notice-json-cache.js';
import { normalizeTag } from './notice-input.js';
import type { TlpMarking } from './notice.entity.js';
import { toNoticeView, type NoticeView } from './notice.view.js';
import { viewerOf, visibleNotices, type NoticeViewer } from './notices.policy.js';

/** `ListNoticesQuery` filters as SQL conditions on the notice aliased `n`, with their named parameters. */
const FILTERS: {
  [K in keyof ListNoticesQuery]?: (value: NonNullable<ListNoticesQuery[K]>) => [string, Record<string, unknown>];
} = {
  status: (status) => ['n.status = :status', { status }],
  category: (category) => ['n.category = :category', { category }],
  tlp: (tlp) => ['n.tlp = :tlp', { tlp }],
  priority: (priority) => ['n.priority = :priority', { priority }],
  member: (member) => ['n.source_member_code = :member', { member }],
  tag: (tag) => ['n.tags @> ARRAY[:tag]::text[]', { tag: normalizeTag(tag) }],
  exercise: (exercise) => ['n.exercise = :exercise', { exercise: exercise === 'true' }],
  from: (from) => ['n.created_at >= :from', { from }],
  to: (to) => ['n.created_at < :to', { to }],
  q: (q) => [`n.search @@ websearch_to_tsquery('simple', :q)`, { q }],
};

/**
 * Reading notices: one, or a filtered, searchable page of those the caller may see. Reads go straight from
 * SQL rows to views (no entities), with visibility inside the query.
 */
@Injectable()
export class NoticesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cache: NoticeJsonCache,
  ) {}

  /**
   * One notice the caller may see. The query answers whether they may, in which state and under which marking;
   * the JSON comes from `NoticeJsonCache` when that state is there. Reading a RED notice is itself audited, in
   * the same transaction as the read, so it is never answered from the cache.
   */
  async get(actor: Caller, id: string): Promise<NoticeView | SerializedRecord> {
    const viewer = viewerOf(actor);
    const visible = visibleNotices(viewer, 'n');
    const [state] = await readNamed<NoticeState & { tlp: TlpMarking }>(
      this.dataSource,
      `SELECT n.id, n.version, ${isoUtc('n.updated_at')} AS "updatedAt", n.tlp FROM notice n
       WHERE ${visible.where} AND n.id = :id`,
      { ...visible.params, id },
      { prepare: true },
    );
    if (!state) throw notFound('Notice');
    const cached = state.tlp === 'RED' ? undefined : this.cache.get(state);
    if (cached !== undefined) return new SerializedRecord(cached, state.version);
    const [notice] = await this.read(viewer, ['n.id = :id'], { id }, 1, true);
    if (!notice) throw notFound('Notice');
    if (notice.tlp !== 'RED') return this.cached(notice);
    return this.unitOfWork.run(actor, async (tx) => {
      const red = await findVisibleNotice(tx.manager, viewer, id);
      if (red.tlp === 'RED') {
        tx.audit({ action: 'notice.red_read', entityType: 'notice', entityId: id, changes: null });
      }
      return toNoticeView(red);
    });
  }

  /**
   * Newest first (createdAt desc, id desc), keyset-paginated; visibility is part of the query. The page's query
   * answers which notices, in which states (version, update time); their JSON comes from `NoticeJsonCache`, and
   * only notices not found there are read in full, by id, still under the caller's visibility.
   */
  async list(actor: Actor, query: ListNoticesQuery): Promise<Page<NoticeView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['instant', 'id']);
    const conditions: string[] = [];
    const params: Record<string, unknown> = {};
    if (after) {
      conditions.push('(n.created_at, n.id) < (:afterAt, :afterId)');
      Object.assign(params, { afterAt: after[0], afterId: after[1] });
    }
    for (const [name, filter] of Object.entries(FILTERS)) {
      const value = query[name as keyof ListNoticesQuery];
      if (value === undefined || value === null || value === '') continue;
      const [condition, values] = (filter as (value: unknown) => [string, Record<string, unknown>])(value);
      conditions.push(condition);
      Object.assign(params, values);
    }
    const viewer = viewerOf(actor);
    const visible = visibleNotices(viewer, 'n');
    // Searches and tag filters are planned each time: their best plan depends on how rare the word or tag is.
    const states = await readNamed<NoticeState & { createdAt: string }>(
      this.dataSource,
      `SELECT n.id, n.version, ${isoUtc('n.updated_at')} AS "updatedAt", ${isoUtc('n.created_at')} AS "createdAt"
       FROM notice n WHERE ${[visible.where, ...conditions].join(' AND ')}
       ORDER BY n.created_at DESC, n.id DESC LIMIT :limit`,
      { ...visible.params, ...params, limit: limit + 1 },
      { prepare: !query.q && !query.tag },
    );
    const page = toPage(
      states,
      limit,
      (state) => [state.createdAt, state.id],
      (state) => state,
    );
    const json = await this.viewsAsJson(viewer, page.data);
    return new SerializedPage<NoticeView>(
      page.data.flatMap((state) => json.get(state.id) ?? []),
      page.nextCursor,
    );
  }

  /**
   * The JSON of each notice of `states`, by id: from the cache, or read in full (and cached) when missing there.
   * A notice changed since its state was read is shown as it is now; one the caller may no longer see is left out.
   */
  private async viewsAsJson(viewer: NoticeViewer, states: NoticeState[]): Promise<Map<string, string>> {
    const json = new Map<string, string>();
    const missing: string[] = [];
    for (const state of states) {
      const cached = this.cache.get(state);
      if (cached === undefined) missing.push(state.id);
      else json.set(state.id, cached);
    }
    if (missing.length === 0) return json;
    for (const record of await this.read(
      viewer,
      ['n.id = ANY(CAST(:ids AS uuid[]))'],
      { ids: missing },
      missing.length,
      true,
    )) {
      json.set(record.id, this.cached(record).json);
    }
    return json;
  }

  /** The notice's view, its JSON kept in the cache under the notice's state. */
  private cached(record: NoticeRecord): SerializedRecord {
    const json = JSON.stringify(toNoticeView(record));
    this.cache.set(record, json);
    return new SerializedRecord(json, record.version);
  }

  private read(
    viewer: NoticeViewer,
    conditions: string[],
    params: Record<string, unknown>,
    limit: number,
    prepare: boolean,
  ): Promise<NoticeRecord[]> {
    const visible = visibleNotices(viewer, 'n');
    return readNamed<NoticeRecord>(
      this.dataSource,
      `SELECT ${noticeColumns(this.dataSource, 'n')} FROM notice n WHERE ${[visible.where, ...conditions].join(' AND ')}
       ORDER BY n.created_at DESC, n.id DESC LIMIT :limit`,
      { ...visible.params, ...params, limit },
      { prepare },
    );
  }
}
