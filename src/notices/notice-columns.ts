import { isoUtc } from '../database/sql.js';
import type { Notice } from './notice.entity.js';

type Timestamps = 'createdAt' | 'updatedAt' | 'submittedAt' | 'sharedAt' | 'rejectedAt' | 'archivedAt';
type Fields =
  | 'id'
  | 'reference'
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
  | 'status'
  | 'exercise'
  | 'createdBy'
  | 'rejectionReason'
  | 'version';

/** A notice read for display: the entity's fields, with its timestamps already ISO 8601 text. */
export type NoticeRecord = Pick<Notice, Fields> & {
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  sharedAt: string | null;
  rejectedAt: string | null;
  archivedAt: string | null;
};

const COLUMNS: [string, Fields][] = [
  ['id', 'id'],
  ['reference', 'reference'],
  ['title', 'title'],
  ['summary', 'summary'],
  ['body', 'body'],
  ['category', 'category'],
  ['tlp', 'tlp'],
  ['priority', 'priority'],
  ['audience_scope', 'audienceScope'],
  ['audience_member_codes', 'audienceMemberCodes'],
  ['tags', 'tags'],
  ['indicators', 'indicators'],
  ['targeted_countries', 'targetedCountries'],
  ['source_member_code', 'sourceMemberCode'],
  ['author_member_code', 'authorMemberCode'],
  ['status', 'status'],
  ['exercise', 'exercise'],
  ['created_by', 'createdBy'],
  ['rejection_reason', 'rejectionReason'],
  ['version', 'version'],
];
const TIMESTAMPS: [string, Timestamps][] = [
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
  ['submitted_at', 'submittedAt'],
  ['shared_at', 'sharedAt'],
  ['rejected_at', 'rejectedAt'],
  ['archived_at', 'archivedAt'],
];

/** Array columns, read as JSON: `JSON.parse` reads them faster than PostgreSQL's array text is parsed. */
const ARRAYS = new Set(['audience_member_codes', 'tags', 'targeted_countries']);

/** The SELECT list that reads the notice aliased `alias` as a `NoticeRecord`. */
export function noticeColumns(alias: string): string {
  return [
    ...COLUMNS.map(([column, field]) =>
      ARRAYS.has(column) ? `to_json(${alias}.${column}) AS "${field}"` : `${alias}.${column} AS "${field}"`,
    ),
    ...TIMESTAMPS.map(([column, field]) => `${isoUtc(`${alias}.${column}`)} AS "${field}"`),
  ].join(', ');
}
