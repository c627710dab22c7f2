import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { INSTANT } from '../../common/instants.js';
import { PageQuery } from '../../common/pagination.js';
import {
  NOTICE_CATEGORIES,
  NOTICE_PRIORITIES,
  NOTICE_STATUSES,
  TLP_MARKINGS,
  type NoticeCategory,
  type NoticePriority,
  type NoticeStatus,
  type TlpMarking,
} from '../notice.entity.js';
import { MEMBER_CODE } from './notice.dto.js';

export { INSTANT };

export class ListNoticesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NOTICE_STATUSES })
  @IsOptional()
  @IsIn(NOTICE_STATUSES)
  status?: NoticeStatus;

  @ApiPropertyOptional({ enum: NOTICE_CATEGORIES })
  @IsOptional()
  @IsIn(NOTICE_CATEGORIES)
  category?: NoticeCategory;

  @ApiPropertyOptional({ enum: TLP_MARKINGS })
  @IsOptional()
  @IsIn(TLP_MARKINGS)
  tlp?: TlpMarking;

  @ApiPropertyOptional({ enum: NOTICE_PRIORITIES })
  @IsOptional()
  @IsIn(NOTICE_PRIORITIES)
  priority?: NoticePriority;

  /** Source member code. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(MEMBER_CODE, { message: 'member must be an upper-case member code' })
  member?: string;

  /** One tag (compared lower-case). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  tag?: string;

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

  /** Full-text search over title, summary, body and tags (web-search syntax: words, "phrases", -exclusions, or). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
