import { Injectable } from '@nestjs/common';
import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/request-context.js';
import { Member } from '../../members/member.entity.js';
import { NoticeAcknowledgement } from '../notice-acknowledgement.entity.js';
import { Notice } from '../notice.entity.js';
import { audienceIncludesSql, viewerOf, visibleNotices } from '../notices.policy.js';
import type { NoticeReportQuery } from './notice-report.dto.js';
import type { CountView, NoticeReportView } from './notice-report.view.js';

/** The dimensions counted, each a column (or expression) that is never null. */
const DIMENSIONS = {
  byStatus: 'n.status',
  byCategory: 'n.category',
  byTlp: 'n.tlp',
  byPriority: 'n.priority',
  bySourceMember: 'n.source_member_code',
  byMonth: `to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM')`,
} as const;
type Dimension = keyof typeof DIMENSIONS;

const SECONDS_TO_SHARE = 'EXTRACT(EPOCH FROM n.shared_at - n.submitted_at)::float8';

/**
 * Trends over the notices created in [from, to) that left the draft stage, real or exercise traffic (never
 * both), among those the caller may see. Three queries; counts come from one GROUPING SETS scan.
 */
@Injectable()
export class NoticeReportService {
  constructor(private readonly dataSource: DataSource) {}

  async report(actor: Actor, query: NoticeReportQuery): Promise<NoticeReportView> {
    const exercise = query.exercise === 'true';
    const population = () => {
      const visible = visibleNotices(viewerOf(actor), 'n');
      const builder = this.dataSource.manager
        .createQueryBuilder()
        .from(Notice, 'n')
        .where(visible.where, visible.params)
        .andWhere(`n.status <> 'draft'`)
        .andWhere('n.exercise = :exercise', { exercise });
      if (query.from) builder.andWhere('n.created_at >= :from', { from: query.from });
      if (query.to) builder.andWhere('n.created_at < :to', { to: query.to });
      return builder;
    };
    const [counts, timeToShare, acknowledgementRates] = await Promise.all([
      this.counts(population()),
      this.timeToShare(population()),
      this.acknowledgementRates(population()),
    ]);
    return {
      from: query.from ? new Date(query.from).toISOString() : null,
      to: query.to ? new Date(query.to).toISOString() : null,
      exercise,
      ...counts,
      timeToShare,
      acknowledgementRates,
    };
  }

  private async counts(population: SelectQueryBuilder<ObjectLiteral>) {
    const names = Object.keys(DIMENSIONS) as Dimension[];
    const rows = (await population
      .select(names.map((name) => `${DIMENSIONS[name]} AS "${name}"`).join(', '))
      .addSelect('count(*)::int', 'count')
      .groupBy(`GROUPING SETS ((), ${names.map((name) => `(${DIMENSIONS[name]})`).join(', ')})`)
      .getRawMany()) as (Record<Dimension, string | null> & { count: number })[];
    const result = { total: 0 } as { total: number } & Record<Dimension, CountView[]>;
    for (const name of names) result[name] = [];
    for (const row of rows) {
      // In each grouping set exactly one dimension is set; in the empty set, none (the total).
      const name = names.find((candidate) => row[candidate] !== null);
      if (name) result[name].push({ key: row[name]!, count: row.count });
      else result.total = row.count;
    }
    for (const name of names) result[name].sort((a, b) => a.key.localeCompare(b.key));
    return result;
  }

  private async timeToShare(population: SelectQueryBuilder<ObjectLiteral>) {
    const row = (await population
      .select('count(*)::int', 'count')
      .addSelect(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SECONDS_TO_SHARE})`, 'median')
      .addSelect(`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${SECONDS_TO_SHARE})`, 'p90')
      .andWhere('n.submitted_at IS NOT NULL AND n.shared_at IS NOT NULL')
      .getRawOne()) as { count: number; median: number | null; p90: number | null };
    const seconds = (value: number | null) => (value === null ? null : Math.round(Number(value) * 1000) / 1000);
    return { count: row.count, medianSeconds: seconds(row.median), p90Seconds: seconds(row.p90) };
  }

  /** Per member: shared notices whose audience held it, and how many of those it acknowledged. */
  private async acknowledgementRates(population: SelectQueryBuilder<ObjectLiteral>) {
    const rows = (await population
      .innerJoin(Member, 'm', audienceIncludesSql('n', 'm.code', 'm.kind'))
      .leftJoin(NoticeAcknowledgement, 'a', 'a.notice_id = n.id AND a.member_code = m.code')
      .andWhere(`n.status IN ('shared', 'archived')`)
      .select('m.code', 'memberCode')
      .addSelect('count(*)::int', 'delivered')
      .addSelect('count(a.id)::int', 'acknowledged')
      .groupBy('m.code')
      .orderBy('m.code')
      .getRawMany()) as { memberCode: string; delivered: number; acknowledged: number }[];
    return rows.map((row) => ({ ...row, rate: Math.round((row.acknowledged / row.delivered) * 10_000) / 10_000 }));
  }
}
