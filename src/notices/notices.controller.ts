import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../auth/decorators.js';
import { IfMatch, requireVersion } from '../common/etag.js';
import { RecordIdPipe } from '../common/id.pipe.js';
import { ApiPage } from '../common/openapi.js';
import type { Page } from '../common/pagination.js';
import { RecordLocation } from '../common/record-location.js';
import type { Caller } from '../common/request-context.js';
import type { SerializedRecord } from '../common/serialized-answer.js';
import { ListNoticesQuery } from './dto/list-notices.dto.js';
import { CreateNoticeDto, RejectNoticeDto, UpdateNoticeDto } from './dto/notice.dto.js';
import { NoticeAcknowledgementsService } from './notice-acknowledgements.service.js';
import { NoticeAuthoringService } from './notice-authoring.service.js';
import { NoticeLifeCycleService } from './notice-life-cycle.service.js';
import { AcknowledgementsView, AcknowledgementView, NoticeView } from './notice.view.js';
import { NoticesService } from './notices.service.js';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly authoring: NoticeAuthoringService,
    private readonly lifeCycle: NoticeLifeCycleService,
    private readonly acknowledgements: NoticeAcknowledgementsService,
  ) {}

  /** The notices the caller may see, newest first; `q` searches title, summary, body and tags. */
  @Get()
  @Allow('notices:read')
  @ApiPage(NoticeView)
  list(@CurrentActor() actor: Caller, @Query() query: ListNoticesQuery): Promise<Page<NoticeView>> {
    return this.notices.list(actor, query);
  }

  /** A draft of the caller's member (CA for the secretariat), with its reference. */
  @Post()
  @Allow('notices:create')
  @RecordLocation('/api/v1/notices/:id')
  create(@CurrentActor() actor: Caller, @Body() input: CreateNoticeDto): Promise<NoticeView> {
    return this.authoring.create(actor, input);
  }

  /** One notice, if the caller may see it (404 otherwise). Reading a RED notice is audited. */
  @Get(':id')
  @Allow('notices:read')
  @ApiOkResponse({ type: NoticeView })
  get(@CurrentActor() actor: Caller, @Param('id', RecordIdPipe) id: string): Promise<NoticeView | SerializedRecord> {
    return this.notices.get(actor, id);
  }

  /** Edit: the author's member while it is a draft, the secretariat until it is archived. Needs If-Match. */
  @Patch(':id')
  @Allow('notices:create')
  update(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Body() input: UpdateNoticeDto,
    @IfMatch() version: number | undefined,
  ): Promise<NoticeView> {
    return this.authoring.update(actor, id, input, requireVersion(version));
  }

  /** The author's member submits its draft for triage; the secretariat is told. */
  @Post(':id/submit')
  @HttpCode(200)
  @Allow('notices:create')
  submit(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<NoticeView> {
    return this.lifeCycle.submit(actor, id, version);
  }

  /** Share a submitted notice (or a draft directly) with its audience, who are mailed. */
  @Post(':id/share')
  @HttpCode(200)
  @Allow('notices:triage')
  share(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<NoticeView> {
    return this.lifeCycle.share(actor, id, version);
  }

  /** Decline to share a submitted notice, saying why. */
  @Post(':id/reject')
  @HttpCode(200)
  @Allow('notices:triage')
  reject(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Body() input: RejectNoticeDto,
    @IfMatch() version: number | undefined,
  ): Promise<NoticeView> {
    return this.lifeCycle.reject(actor, id, input.reason, version);
  }

  /** Retire a shared notice; its audience can still read it. */
  @Post(':id/archive')
  @HttpCode(200)
  @Allow('notices:triage')
  archive(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<NoticeView> {
    return this.lifeCycle.archive(actor, id, version);
  }

  /**
   * Acknowledge receipt for the caller's member: 201 the first time, 200 with the existing receipt after.
   * With If-Match, acknowledges that version of the notice (412 if it changed since).
   */
  @Post(':id/acknowledgements')
  @Allow('notices:acknowledge')
  @ApiCreatedResponse({ type: AcknowledgementView, description: 'Acknowledged now' })
  @ApiOkResponse({ type: AcknowledgementView, description: 'Already acknowledged by the member' })
  async acknowledge(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AcknowledgementView> {
    const { acknowledgement, created } = await this.acknowledgements.acknowledge(actor, id, version);
    response.status(created ? 201 : 200);
    return acknowledgement;
  }

  /** Which audience members acknowledged, and which have not yet. */
  @Get(':id/acknowledgements')
  @Allow('notices:acknowledgements:read')
  listAcknowledgements(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
  ): Promise<AcknowledgementsView> {
    return this.acknowledgements.list(actor, id);
  }
}
