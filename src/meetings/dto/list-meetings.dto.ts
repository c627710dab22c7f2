import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { INSTANT } from '../../notices/dto/list-notices.dto.js';
import { MEETING_STATUSES, type MeetingStatus } from '../meeting.entity.js';

export class ListMeetingsQuery extends PageQuery {
  /** Meetings starting at or after this instant (ISO 8601 with an offset). */
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @Matches(INSTANT, { message: 'from must be an ISO 8601 instant with an offset' })
  from?: string;

  /** Meetings starting before this instant (ISO 8601 with an offset). */
  @ApiPropertyOptional({ example: '2028-01-01T00:00:00Z' })
  @IsOptional()
  @Matches(INSTANT, { message: 'to must be an ISO 8601 instant with an offset' })
  to?: string;

  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}
