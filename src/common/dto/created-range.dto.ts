import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { INSTANT } from '../instants.js';
import { PageQuery } from '../pagination.js';

/** The filters every record list shares: exercise traffic, and a creation window. */
export class CreatedRangeQuery extends PageQuery {
  /** Only exercise traffic (true) or only real traffic (false). */
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  exercise?: 'true' | 'false';

  /** Created at or after this instant (ISO 8601 with offset). */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(INSTANT, { message: 'from must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true })
  from?: string;

  /** Created before this instant (ISO 8601 with offset). */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(INSTANT, { message: 'to must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true })
  to?: string;
}
