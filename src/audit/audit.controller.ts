import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiPage } from '../common/openapi.js';
import { Allow } from '../auth/decorators.js';
import type { Page } from '../common/pagination.js';
import { AuditService } from './audit.service.js';
import { AuditEventView, ListAuditEventsQuery, VerificationView } from './dto/audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail, newest first. */
  @Get()
  @Allow('audit:read')
  @ApiPage(AuditEventView)
  list(@Query() query: ListAuditEventsQuery): Promise<Page<AuditEventView>> {
    return this.audit.list(query);
  }

  /** Recomputes every hash and link of the chain; the head can be kept outside as a checkpoint. */
  @Get('verify')
  @Allow('audit:read')
  verify(): Promise<VerificationView> {
    return this.audit.verify();
  }
}
