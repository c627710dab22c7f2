import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsOneLine, trim } from '../../common/validation.js';

export const MAX_ACTION_ITEMS = 100;

export class ActionItemDto {
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title: string;

  /** An invited member or observer. */
  @Matches(/^[A-Z]{2,8}$/, { message: 'ownerMemberCode must be an upper-case member code' })
  ownerMemberCode: string;

  /** A calendar date, YYYY-MM-DD. */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a real calendar date' })
  dueDate: string;
}

/** The whole minutes: they replace what was written before. */
export class WriteMinutesDto {
  /** 1 to 100,000 characters. */
  @IsString()
  @Length(1, 100_000)
  @Matches(/\S/, { message: 'text must not be blank' })
  text: string;

  @IsArray()
  @ArrayMaxSize(MAX_ACTION_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => ActionItemDto)
  actionItems: ActionItemDto[];
}
