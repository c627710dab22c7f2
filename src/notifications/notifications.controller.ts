import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiPage } from '../common/openapi.js';
import { Allow, CurrentActor } from '../auth/decorators.js';
import { RecordIdPipe } from '../common/id.pipe.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { FailedMessageView } from './failed-message.view.js';
import { NotificationsService } from './notifications.service.js';
import type { Caller } from '../common/request-context.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Emails that could not be delivered after every retry, newest first. */
  @Get('failed')
  @Allow('notifications:manage')
  @ApiPage(FailedMessageView)
  failed(@Query() query: PageQuery): Promise<Page<FailedMessageView>> {
    return this.notifications.failed(query);
  }

  /** Queue a failed email again. */
  @Post(':id/retry')
  @HttpCode(202)
  @Allow('notifications:manage')
  async retry(@CurrentActor() actor: Caller, @Param('id', RecordIdPipe) id: string): Promise<void> {
    await this.notifications.retry(actor, id);
  }
}
