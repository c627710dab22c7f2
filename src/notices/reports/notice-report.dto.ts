import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { INSTANT } from '../dto/list-notices.dto.js';

export class NoticeReportQuery {
  /** Notices created at or after this instant (ISO 8601 with offset). */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(INSTANT, { message: 'from must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true })
  from?: string;

  /** Notices created before this instant (ISO 8601 with offset). */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(INSTANT, { message: 'to must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true })
  to?: string;

  /** `true` reports on exercise traffic only; by default only real traffic is counted. The two never mix. */
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  exercise?: 'true' | 'false';
}
