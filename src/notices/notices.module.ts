import { Module } from '@nestjs/common';
import { NoticeAcknowledgementsService } from './notice-acknowledgements.service.js';
import { NoticeAuthoringService } from './notice-authoring.service.js';
import { NoticeLifeCycleService } from './notice-life-cycle.service.js';
import { NoticeMail } from './notice-mail.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';
import { NoticeJsonCache } from './notice-json-cache.js';
import { NoticeReportsController } from './reports/notice-reports.controller.js';
import { NoticeReportService } from './reports/notice-report.service.js';

/** Information-sharing notices: authoring, triage, TLP-aware reading and search, receipts, reports. */
@Module({
  controllers: [NoticesController, NoticeReportsController],
  providers: [
    NoticesService,
    NoticeJsonCache,
    NoticeAuthoringService,
    NoticeLifeCycleService,
    NoticeAcknowledgementsService,
    NoticeMail,
    NoticeReportService,
  ],
})
export class NoticesModule {}
