import type { EntityManager } from 'typeorm';
import { queryOn } from '../database/sql.js';
import type { NoticeRecord } from './notice-columns.js';
import { noticeColumns } from './notice-columns.js';
import { NEXT_REFERENCE } from './notice-references.js';

/** What a new draft is made of; the database gives its id, reference, timestamps and version. */
export type NewNotice = Pick<
  NoticeRecord,
  | 'title'
  | 'summary'
  | 'body'
  | 'category'
  | 'tlp'
  | 'priority'
  | 'audienceScope'
  | 'audienceMemberCodes'
  | 'tags'
  | 'indicators'
  | 'targetedCountries'
  | 'sourceMemberCode'
  | 'authorMemberCode'
  | 'exercise'
  | 'createdBy'
>;

/**
 * Inserts a draft with the next reference in one statement (one round trip, and the reference counter's row is
 * locked from here to commit only), returning it as a `NoticeRecord`.
 */
export async function insertNotice(manager: EntityManager, notice: NewNotice): Promise<NoticeRecord> {
  const [record] = await queryOn<NoticeRecord>(
    manager,
    `WITH ${NEXT_REFERENCE}
     INSERT INTO notice AS n (reference, title, summary, body, category, tlp, priority, audience_scope,
       audience_member_codes, tags, indicators, targeted_countries, source_member_code, author_member_code, status,
       exercise, created_by)
     SELECT reference.text, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, 'draft', $14, $15
     FROM reference
     RETURNING ${noticeColumns(manager.dataSource, 'n')}`,
    [
      notice.title,
      notice.summary,
      notice.body,
      notice.category,
      notice.tlp,
      notice.priority,
      notice.audienceScope,
      notice.audienceMemberCodes,
      notice.tags,
      JSON.stringify(notice.indicators),
      notice.targetedCountries,
      notice.sourceMemberCode,
      notice.authorMemberCode,
      notice.exercise,
      notice.createdBy,
    ],
    { prepare: true },
  );
  return record;
}
