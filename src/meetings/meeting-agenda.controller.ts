import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../auth/decorators.js';
import { IfMatch, requireVersion } from '../common/etag.js';
import { RecordIdPipe } from '../common/id.pipe.js';
import { PageQuery } from '../common/pagination.js';
import type { Caller } from '../common/request-context.js';
import { AgendaCirculationService } from './agenda-circulation.service.js';
import { AgendaService } from './agenda.service.js';
import { AgendaOrderDto, CreateAgendaItemDto, UpdateAgendaItemDto } from './dto/agenda.dto.js';
import { AgendaItemPageView, AgendaItemView, MeetingView } from './meeting.view.js';
import { MeetingsService } from './meetings.service.js';

/** The agenda of a meeting: prepared by admins and the secretariat while it is scheduled, read as the meeting. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings/:id')
export class MeetingAgendaController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly circulation: AgendaCirculationService,
  ) {}

  /** The agenda in order (by position). */
  @Get('agenda-items')
  @Allow('meetings:read')
  list(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<AgendaItemPageView> {
    return this.meetings.agenda(actor, id, query);
  }

  /** Append an item, or insert it at `position` (later items move down). If-Match: the meeting's ETag. */
  @Post('agenda-items')
  @Allow('meetings:agenda')
  add(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Body() input: CreateAgendaItemDto,
    @IfMatch() version: number | undefined,
  ): Promise<AgendaItemView> {
    return this.agenda.add(actor, id, input, version);
  }

  /** Change an item. Needs If-Match with the item's ETag. */
  @Patch('agenda-items/:itemId')
  @Allow('meetings:agenda')
  edit(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Param('itemId', RecordIdPipe) itemId: string,
    @Body() input: UpdateAgendaItemDto,
    @IfMatch() version: number | undefined,
  ): Promise<AgendaItemView> {
    return this.agenda.edit(actor, id, itemId, input, requireVersion(version));
  }

  /** Remove an item; the items after it move up. */
  @Delete('agenda-items/:itemId')
  @HttpCode(204)
  @Allow('meetings:agenda')
  async remove(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Param('itemId', RecordIdPipe) itemId: string,
    @IfMatch() version: number | undefined,
  ): Promise<void> {
    await this.agenda.remove(actor, id, itemId, version);
  }

  /** Reorder the whole agenda: every current item id exactly once, in the new order. */
  @Put('agenda-order')
  @Allow('meetings:agenda')
  reorder(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Body() input: AgendaOrderDto,
    @IfMatch() version: number | undefined,
  ): Promise<MeetingView> {
    return this.agenda.reorder(actor, id, input.itemIds, version);
  }

  /** Send the agenda to the invitees' focal points and observers; `agendaVersion` grows by one. */
  @Post('agenda/circulate')
  @HttpCode(200)
  @Allow('meetings:agenda')
  circulate(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<MeetingView> {
    return this.circulation.circulate(actor, id, version);
  }
}
