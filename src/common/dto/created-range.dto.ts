import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstant, NotBeforeFrom } from '../instants.js';
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
  @IsInstant()
  from?: string;

  /** Created before this instant (ISO 8601 with offset). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  @NotBeforeFrom()
  to?: string;
}
