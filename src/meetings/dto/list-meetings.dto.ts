import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstant, NotBeforeFrom } from '../../common/instants.js';
import { PageQuery } from '../../common/pagination.js';
import { MEETING_STATUSES, type MeetingStatus } from '../meeting.entity.js';

export class ListMeetingsQuery extends PageQuery {
  /** Meetings starting at or after this instant (ISO 8601 with an offset). */
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Meetings starting before this instant (ISO 8601 with an offset). */
  @ApiPropertyOptional({ example: '2028-01-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  @NotBeforeFrom()
  to?: string;

  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}
