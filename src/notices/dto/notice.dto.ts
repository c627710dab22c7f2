import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  AUDIENCE_SCOPES,
  INDICATOR_KINDS,
  NOTICE_CATEGORIES,
  NOTICE_PRIORITIES,
  TLP_MARKINGS,
  type AudienceScope,
  type IndicatorKind,
  type NoticeCategory,
  type NoticePriority,
  type TlpMarking,
} from '../notice.entity.js';
import { IsOneLine, Present, trim } from '../../common/validation.js';
import {
  MAX_AUDIENCE_CODES,
  MAX_INDICATORS,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  MAX_TARGETED_COUNTRIES,
} from '../notice-input.js';

export class AudienceDto {
  @IsIn(AUDIENCE_SCOPES)
  scope: AudienceScope;

  /** Member or observer codes; required (at least one) for `selected`, empty otherwise. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_AUDIENCE_CODES)
  @Matches(/^[A-Z]{2,8}$/, { each: true, message: 'each code must be an upper-case member code' })
  memberCodes?: string[];
}

export class IndicatorDto {
  @IsIn(INDICATOR_KINDS)
  kind: IndicatorKind;

  /** Checked by kind: url (http/https), domain, account, hashtag, email, other. */
  @IsString()
  @Length(1, 2048)
  value: string;
}

/** A new notice; it starts as a draft of the author's member. */
export class CreateNoticeDto {
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title: string;

  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  summary: string;

  /** Up to 100,000 characters. */
  @Present()
  @IsString()
  @MaxLength(100_000)
  body?: string;

  @IsIn(NOTICE_CATEGORIES)
  category: NoticeCategory;

  /** TLP 2.0 marking; RED needs a `selected` audience. */
  @IsIn(TLP_MARKINGS)
  tlp: TlpMarking;

  @Present()
  @IsIn(NOTICE_PRIORITIES)
  priority?: NoticePriority;

  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience: AudienceDto;

  /** Free text, at most 20 tags of 50 characters; stored lower-case, trimmed, without duplicates. */
  @Present()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @MaxLength(MAX_TAG_LENGTH, { each: true })
  tags?: string[];

  @Present()
  @IsArray()
  @ArrayMaxSize(MAX_INDICATORS)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators?: IndicatorDto[];

  /** ISO 3166-1 alpha-2 country codes or member codes. */
  @Present()
  @IsArray()
  // Duplicates are dropped before the count is checked, so twice the limit may be sent; the message says the limit.
  @ArrayMaxSize(MAX_TARGETED_COUNTRIES * 2, {
    message: `targetedCountries must hold at most ${MAX_TARGETED_COUNTRIES} codes`,
  })
  @IsString({ each: true })
  targetedCountries?: string[];

  /** Marks table-top exercise traffic. */
  @Present()
  @IsBoolean()
  exercise?: boolean;
}

/** Changed fields only; absent fields stay as they are. Needs If-Match. */
export class UpdateNoticeDto {
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title?: string;

  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  summary?: string;

  /** Up to 100,000 characters. */
  @Present()
  @IsString()
  @MaxLength(100_000)
  body?: string;

  @Present()
  @IsIn(NOTICE_CATEGORIES)
  category?: NoticeCategory;

  /** TLP 2.0 marking; RED needs a `selected` audience. */
  @Present()
  @IsIn(TLP_MARKINGS)
  tlp?: TlpMarking;

  @Present()
  @IsIn(NOTICE_PRIORITIES)
  priority?: NoticePriority;

  @Present()
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience?: AudienceDto;

  /** Free text, at most 20 tags of 50 characters; stored lower-case, trimmed, without duplicates. */
  @Present()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @MaxLength(MAX_TAG_LENGTH, { each: true })
  tags?: string[];

  @Present()
  @IsArray()
  @ArrayMaxSize(MAX_INDICATORS)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators?: IndicatorDto[];

  /** ISO 3166-1 alpha-2 country codes or member codes. */
  @Present()
  @IsArray()
  // Duplicates are dropped before the count is checked, so twice the limit may be sent; the message says the limit.
  @ArrayMaxSize(MAX_TARGETED_COUNTRIES * 2, {
    message: `targetedCountries must hold at most ${MAX_TARGETED_COUNTRIES} codes`,
  })
  @IsString({ each: true })
  targetedCountries?: string[];

  /** Marks table-top exercise traffic. */
  @Present()
  @IsBoolean()
  exercise?: boolean;
}

export class RejectNoticeDto {
  /** Why the secretariat does not share it; the author's member reads it. */
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  reason: string;
}
