import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ApiInteger } from '../../common/openapi.js';
import { IsOneLine, Present, PresentUnlessNull, trim } from '../../common/validation.js';

export const MAX_AGENDA_ITEMS = 100;

/** A description has no "none" of its own: null is the empty text. */
const noneIsEmpty = ({ value }: { value: unknown }) => (value === null ? '' : value);

/** A new agenda item: appended, or inserted at `position` (the items from there move down one). */
export class CreateAgendaItemDto {
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title: string;

  /** Up to 10,000 characters; null (or absent) is none: `""`. */
  @Transform(noneIsEmpty)
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  /** An invited member or observer who presents the item. */
  @PresentUnlessNull()
  @Matches(/^[A-Z]{2,8}$/, { message: 'presenterMemberCode must be an upper-case member code' })
  presenterMemberCode?: string | null;

  /** 1 to 600 minutes. */
  @ApiInteger({ minimum: 1, maximum: 600, nullable: true, required: false })
  @PresentUnlessNull()
  @IsInt()
  @Min(1)
  @Max(600)
  durationMinutes?: number | null;

  /** A notice every invited member may see. */
  @PresentUnlessNull()
  @IsUUID('all')
  noticeId?: string | null;

  /** A coordinated-response proposal that every invited member may see. */
  @PresentUnlessNull()
  @IsUUID('all')
  proposalId?: string | null;

  /** 1 to n+1; absent appends the item. */
  @ApiInteger({ minimum: 1, maximum: MAX_AGENDA_ITEMS, required: false })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AGENDA_ITEMS)
  position?: number;
}

/** Changed fields only; null clears the optional ones. Needs If-Match (the item's ETag). Move items with agenda-order. */
export class UpdateAgendaItemDto {
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title?: string;

  /** null clears it (`""`). */
  @Transform(noneIsEmpty)
  @Present()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @PresentUnlessNull()
  @Matches(/^[A-Z]{2,8}$/, { message: 'presenterMemberCode must be an upper-case member code' })
  presenterMemberCode?: string | null;

  @ApiInteger({ minimum: 1, maximum: 600, nullable: true, required: false })
  @PresentUnlessNull()
  @IsInt()
  @Min(1)
  @Max(600)
  durationMinutes?: number | null;

  @PresentUnlessNull()
  @IsUUID('all')
  noticeId?: string | null;

  @PresentUnlessNull()
  @IsUUID('all')
  proposalId?: string | null;
}

/** Every current item id of the agenda, each exactly once, in the new order. */
export class AgendaOrderDto {
  @IsArray()
  @ArrayMaxSize(MAX_AGENDA_ITEMS)
  @IsUUID('all', { each: true })
  itemIds: string[];
}
