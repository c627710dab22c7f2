import { ApiInteger } from '../common/openapi.js';
import {
  type AudienceScope,
  type IndicatorKind,
  type Notice,
  type NoticeCategory,
  type NoticePriority,
  type NoticeStatus,
  type TlpMarking,
} from './notice.entity.js';
import type { NoticeAcknowledgement } from './notice-acknowledgement.entity.js';
import type { NoticeRecord } from './notice-columns.js';

export class AudienceView {
  /** `all`: every member and observer; `members`: G7 members only; `selected`: the codes listed. */
  scope: AudienceScope;
  /** The codes of a `selected` audience; empty otherwise. */
  memberCodes: string[];
}

export class IndicatorView {
  kind: IndicatorKind;
  value: string;
}

/** A notice as the API shows it. */
export class NoticeView {
  id: string;
  /** RRM-<year>-<sequence>, e.g. RRM-2026-0001. */
  reference: string;
  title: string;
  summary: string;
  body: string;
  category: NoticeCategory;
  tlp: TlpMarking;
  priority: NoticePriority;
  audience: AudienceView;
  tags: string[];
  indicators: IndicatorView[];
  targetedCountries: string[];
  sourceMemberCode: string;
  status: NoticeStatus;
  /** Table-top exercise traffic. */
  exercise: boolean;
  /** The id of the user who created it. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  sharedAt: string | null;
  rejectedAt: string | null;
  archivedAt: string | null;
  rejectionReason: string | null;
  @ApiInteger()
  version: number;
}

/** Dates from entities; strings from reads that format timestamps in SQL (`NoticeRecord`). */
function iso(date: Date | string): string;
function iso(date: Date | string | null): string | null;
function iso(date: Date | string | null): string | null {
  return date === null || typeof date === 'string' ? date : date.toISOString();
}

export function toNoticeView(notice: Notice | NoticeRecord): NoticeView {
  return {
    id: notice.id,
    reference: notice.reference,
    title: notice.title,
    summary: notice.summary,
    body: notice.body,
    category: notice.category,
    tlp: notice.tlp,
    priority: notice.priority,
    audience: { scope: notice.audienceScope, memberCodes: [...notice.audienceMemberCodes] },
    tags: [...notice.tags],
    indicators: notice.indicators.map(({ kind, value }) => ({ kind, value })),
    targetedCountries: [...notice.targetedCountries],
    sourceMemberCode: notice.sourceMemberCode,
    status: notice.status,
    exercise: notice.exercise,
    createdBy: notice.createdBy,
    createdAt: iso(notice.createdAt),
    updatedAt: iso(notice.updatedAt),
    submittedAt: iso(notice.submittedAt),
    sharedAt: iso(notice.sharedAt),
    rejectedAt: iso(notice.rejectedAt),
    archivedAt: iso(notice.archivedAt),
    rejectionReason: notice.rejectionReason,
    version: notice.version,
  };
}

export class AcknowledgementView {
  memberCode: string;
  /** The user who acknowledged for the member (the first one to do so). */
  userId: string;
  acknowledgedAt: string;
}

export const toAcknowledgementView = (ack: NoticeAcknowledgement): AcknowledgementView => ({
  memberCode: ack.memberCode,
  userId: ack.userId,
  acknowledgedAt: ack.acknowledgedAt.toISOString(),
});

export class AcknowledgementsView {
  acknowledged: AcknowledgementView[];
  /** Active audience members that have not acknowledged yet (empty until the notice is shared). */
  pending: string[];
}
