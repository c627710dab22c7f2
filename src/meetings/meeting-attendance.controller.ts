import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../auth/decorators.js';
import { RecordIdPipe } from '../common/id.pipe.js';
import type { Caller } from '../common/request-context.js';
import { AttendanceService } from './attendance.service.js';
import { AttendanceReplyDto } from './dto/attendance.dto.js';
import { AttendanceReplyView, AttendanceView } from './meeting.view.js';
import { MemberCodePipe } from '../members/member-code.pipe.js';

/** Replies to invitations. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings/:id/attendance')
export class MeetingAttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  /** Each invited member's current reply, and the invited members that have not replied. */
  @Get()
  @Allow('meetings:read')
  list(@CurrentActor() actor: Caller, @Param('id', RecordIdPipe) id: string): Promise<AttendanceView> {
    return this.attendance.list(actor, id);
  }

  /** Reply for your member: accepted, declined or tentative, with who attends. A later reply replaces it. */
  @Put(':memberCode')
  @Allow('meetings:attend')
  reply(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Param('memberCode', MemberCodePipe) memberCode: string,
    @Body() input: AttendanceReplyDto,
  ): Promise<AttendanceReplyView> {
    return this.attendance.reply(actor, id, memberCode, input);
  }
}
