import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstant } from '../../common/instants.js';

export class NoticeReportQuery {
  /** Notices created at or after this instant (ISO 8601 with offset). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Notices created before this instant (ISO 8601 with offset). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  to?: string;

  /** `true` reports on exercise traffic only; by default only real traffic is counted. The two never mix. */
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  exercise?: 'true' | 'false';
}
