import type { DataSource } from 'typeorm';
import { entityColumns } from '../database/sql.js';
import { Notice } from './notice.entity.js';

type Timestamps = 'createdAt' | 'updatedAt' | 'submittedAt' | 'sharedAt' | 'rejectedAt' | 'archivedAt';

/** A notice read for display (`noticeColumns`): the entity's columns, with its timestamps already ISO 8601 text. */
export type NoticeRecord = Omit<Notice, Timestamps | 'search' | 'sourceMember' | 'authorMember' | 'creator'> & {
  [K in Timestamps]: null extends Notice[K] ? string | null : string;
};

/** The SELECT list that reads the notice aliased `alias` as a `NoticeRecord`. */
export const noticeColumns = (dataSource: DataSource, alias: string) =>
  entityColumns(dataSource, Notice, alias, { forViews: true });
