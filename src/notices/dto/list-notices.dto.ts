import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { INSTANT } from '../../common/instants.js';
import { CreatedRangeQuery } from '../../common/dto/created-range.dto.js';
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

export { INSTANT };

export class ListNoticesQuery extends CreatedRangeQuery {
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
  @Matches(/^[A-Z]{2,8}$/, { message: 'member must be an upper-case member code' })
  member?: string;

  /** One tag (compared lower-case). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  tag?: string;

  /** Full-text search over title, summary, body and tags (web-search syntax: words, "phrases", -exclusions, or). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
