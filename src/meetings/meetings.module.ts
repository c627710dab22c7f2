import { Module } from '@nestjs/common';
import { AgendaCirculationService } from './agenda-circulation.service.js';
import { AgendaService } from './agenda.service.js';
import { AttendanceService } from './attendance.service.js';
import { MeetingAgendaController } from './meeting-agenda.controller.js';
import { MeetingAttendanceController } from './meeting-attendance.controller.js';
import { MeetingCalendar } from './meeting-calendar.js';
import { MeetingMail } from './meeting-mail.js';
import { MeetingSchedulingService } from './meeting-scheduling.service.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsService } from './meetings.service.js';
import { MinutesService } from './minutes.service.js';

/** Focal point meetings: scheduling across time zones, agendas, invitations and replies, minutes, calendars. */
@Module({
  controllers: [MeetingsController, MeetingAgendaController, MeetingAttendanceController],
  providers: [
    MeetingsService,
    MeetingSchedulingService,
    AgendaService,
    AgendaCirculationService,
    AttendanceService,
    MinutesService,
    MeetingMail,
    MeetingCalendar,
  ],
})
export class MeetingsModule {}
