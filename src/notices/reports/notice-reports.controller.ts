import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../auth/decorators.js';
import { AppError } from '../../common/errors/app-error.js';
import type { Caller } from '../../common/request-context.js';
import { noticeReportCsv } from './notice-report.csv.js';
import { NoticeReportQuery } from './notice-report.dto.js';
import { NoticeReportService } from './notice-report.service.js';
import { NoticeReportView } from './notice-report.view.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/notices')
export class NoticeReportsController {
  constructor(private readonly reports: NoticeReportService) {}

  /**
   * Counts by status, category, TLP, priority, source member and month; median and 90th percentile seconds from
   * submission to sharing; acknowledgement rate per member. `Accept: text/csv` answers one flat
   * `dimension,key,value` CSV instead of JSON.
   */
  @Get()
  @Allow('reports:read')
  @ApiExtraModels(NoticeReportView)
  @ApiOkResponse({
    description: 'The report as JSON, or with `Accept: text/csv` as `dimension,key,value` rows',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(NoticeReportView) } },
      'text/csv': {
        schema: { type: 'string', example: 'dimension,key,value\r\ntotal,,12\r\ncategory,human_rights,3\r\n' },
      },
    },
  })
  async report(
    @CurrentActor() actor: Caller,
    @Query() query: NoticeReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NoticeReportView | string> {
    response.vary('Accept');
    // Accept is read as HTTP means it (quality values, wildcards); JSON when the client states no preference.
    const format = response.req.accepts(['application/json', 'text/csv']);
    if (!format) throw new AppError('not_acceptable', 'The report is available as application/json or text/csv.');
    const report = await this.reports.report(actor, query);
    if (format === 'application/json') return report;
    response.type('text/csv; charset=utf-8').attachment('notice-report.csv');
    return noticeReportCsv(report);
  }
}
