import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../auth/decorators.js';
import { IfMatch, requireVersion } from '../common/etag.js';
import { RecordIdPipe } from '../common/id.pipe.js';
import { RecordLocation } from '../common/record-location.js';
import type { Caller } from '../common/request-context.js';
import { ListMeetingsQuery } from './dto/list-meetings.dto.js';
import { CreateMeetingDto, UpdateMeetingDto } from './dto/meeting.dto.js';
import { WriteMinutesDto } from './dto/minutes.dto.js';
import { MeetingSchedulingService } from './meeting-scheduling.service.js';
import { MeetingPageView, MeetingView } from './meeting.view.js';
import { MeetingsService } from './meetings.service.js';
import { MinutesService } from './minutes.service.js';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly scheduling: MeetingSchedulingService,
    private readonly minutes: MinutesService,
  ) {}

  /** The meetings the caller may see (staff: all; others: their member's), by start; filters on startsAt and status. */
  @Get()
  @Allow('meetings:read')
  list(@CurrentActor() actor: Caller, @Query() query: ListMeetingsQuery): Promise<MeetingPageView> {
    return this.meetings.list(actor, query);
  }

  /** Schedule a meeting; the invitees' focal points and observers are mailed a calendar invitation. */
  @Post()
  @Allow('meetings:manage')
  @RecordLocation('/api/v1/meetings/:id')
  create(@CurrentActor() actor: Caller, @Body() input: CreateMeetingDto): Promise<MeetingView> {
    return this.scheduling.create(actor, input);
  }

  /** One meeting with its agenda and minutes, if the caller may see it (404 otherwise). */
  @Get(':id')
  @Allow('meetings:read')
  get(@CurrentActor() actor: Caller, @Param('id', RecordIdPipe) id: string): Promise<MeetingView> {
    return this.meetings.get(actor, id);
  }

  /** Change a scheduled meeting. Needs If-Match. Time or place changes are mailed with the updated event. */
  @Patch(':id')
  @Allow('meetings:manage')
  update(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Body() input: UpdateMeetingDto,
    @IfMatch() version: number | undefined,
  ): Promise<MeetingView> {
    return this.scheduling.update(actor, id, input, requireVersion(version));
  }

  /** Cancel a scheduled meeting; every invitee is mailed a METHOD:CANCEL calendar update. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Allow('meetings:manage')
  cancel(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<MeetingView> {
    return this.scheduling.cancel(actor, id, version);
  }

  /** Write or rewrite the minutes and action items (not for a cancelled meeting). Honours If-Match when sent. */
  @Put(':id/minutes')
  @Allow('meetings:minutes')
  writeMinutes(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Body() input: WriteMinutesDto,
    @IfMatch() version: number | undefined,
  ): Promise<MeetingView> {
    return this.minutes.write(actor, id, input, version);
  }

  /** The meeting as an RFC 5545 calendar (one VEVENT, stable UID, SEQUENCE growing with each change). */
  @Get(':id/calendar.ics')
  @Allow('meetings:read')
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: 'An iCalendar file with one VEVENT (METHOD:PUBLISH)',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  async calendar(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const ics = await this.meetings.calendarFile(actor, id);
    response.type('text/calendar; charset=utf-8').attachment(`meeting-${id}.ics`);
    return ics;
  }
}
