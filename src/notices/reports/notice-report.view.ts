import { ApiInteger } from '../../common/openapi.js';

export class CountView {
  key: string;
  @ApiInteger()
  count: number;
}

export class TimeToShareView {
  /** Notices both submitted and shared in the period (a draft shared directly has no submission). */
  @ApiInteger()
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export class AcknowledgementRateView {
  memberCode: string;
  /** Shared notices whose audience included the member. */
  @ApiInteger()
  delivered: number;
  @ApiInteger()
  acknowledged: number;
  /** acknowledged / delivered, from 0 to 1. */
  rate: number;
}

/** Counts over the notices created in [from, to) that left the draft stage. */
export class NoticeReportView {
  from: string | null;
  to: string | null;
  exercise: boolean;
  @ApiInteger()
  total: number;
  byStatus: CountView[];
  byCategory: CountView[];
  byTlp: CountView[];
  byPriority: CountView[];
  bySourceMember: CountView[];
  /** YYYY-MM (UTC) of creation. */
  byMonth: CountView[];
  timeToShare: TimeToShareView;
  acknowledgementRates: AcknowledgementRateView[];
}
