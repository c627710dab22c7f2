import type { CountView, NoticeReportView } from './notice-report.view.js';

/** One field, quoted when needed; a leading formula character is neutralised for spreadsheets. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as one flat CSV: `dimension,key,value` rows, CRLF line ends (RFC 4180). */
export function noticeReportCsv(report: NoticeReportView): string {
  const rows: [string, string, string | number | null][] = [
    ['period', 'from', report.from],
    ['period', 'to', report.to],
    ['period', 'exercise', String(report.exercise)],
    ['total', '', report.total],
  ];
  const counts = (dimension: string, list: CountView[]) =>
    list.forEach((item) => rows.push([dimension, item.key, item.count]));
  counts('status', report.byStatus);
  counts('category', report.byCategory);
  counts('tlp', report.byTlp);
  counts('priority', report.byPriority);
  counts('source_member', report.bySourceMember);
  counts('month', report.byMonth);
  rows.push(
    ['time_to_share', 'count', report.timeToShare.count],
    ['time_to_share', 'median_seconds', report.timeToShare.medianSeconds],
    ['time_to_share', 'p90_seconds', report.timeToShare.p90Seconds],
  );
  for (const rate of report.acknowledgementRates) {
    rows.push(
      ['acknowledgement_delivered', rate.memberCode, rate.delivered],
      ['acknowledgement_acknowledged', rate.memberCode, rate.acknowledged],
      ['acknowledgement_rate', rate.memberCode, rate.rate],
    );
  }
  return ['dimension,key,value', ...rows.map((row) => row.map(csvField).join(','))].join('\r\n') + '\r\n';
}
