import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length } from 'class-validator';
import { trimText } from '../../common/validation.js';
import { ATTENDANCE_RESPONSES, type AttendanceResponse } from '../meeting-attendance.entity.js';

export const MAX_ATTENDEES = 20;

const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? trimText(item) : item)) : value;

/** A member's reply to the invitation. */
export class AttendanceReplyDto {
  @IsIn(ATTENDANCE_RESPONSES)
  response: AttendanceResponse;

  /** Names of the people attending for the member (up to 20, 1 to 100 characters each); empty when declining. */
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDEES)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  attendees: string[];
}
