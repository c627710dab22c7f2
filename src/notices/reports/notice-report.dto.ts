import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { dayBound, IsInstant, NotBeforeFrom } from '../../common/instants.js';

const PERIOD_BOUND = 'a date (YYYY-MM-DD) or an ISO 8601 instant with an offset';

export class NoticeReportQuery {
  /** Notices created at or after this instant (ISO 8601 with offset), or from the start of this day (YYYY-MM-DD, UTC). */
  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @Transform(dayBound('from'))
  @IsInstant(PERIOD_BOUND)
  from?: string;

  /** Notices created before this instant (ISO 8601 with offset), or up to the end of this day (YYYY-MM-DD, UTC). */
  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Transform(dayBound('to'))
  @IsInstant(PERIOD_BOUND)
  @NotBeforeFrom()
  to?: string;

  /** `true` reports on exercise traffic only; by default only real traffic is counted. The two never mix. */
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  exercise?: 'true' | 'false';
}
