import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { INSTANT } from '../../notices/dto/list-notices.dto.js';
import { MEETING_KINDS, type MeetingKind } from '../meeting.entity.js';
import { isIanaTimeZone } from '../meeting-time.js';
import { IsOneLine, Present, PresentUnlessNull, trim } from '../../common/validation.js';

export const MAX_HOSTS = 20;
export const MAX_INVITEES = 50;

const IsIanaTimeZone = () =>
  ValidateBy({
    name: 'isIanaTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isIanaTimeZone(value),
      defaultMessage: () => 'timeZone must be an IANA time zone such as Europe/Paris or America/Vancouver',
    },
  });

const instantMessage = (field: string) => ({ message: `${field} must be an ISO 8601 instant with an offset` });
const codesMessage = { each: true, message: 'each code must be an upper-case member or observer code' };
const httpsUrl = { protocols: ['https'], require_protocol: true, require_tld: true, disallow_auth: true };

/** A new meeting; the hosts are invited too. Invitations are mailed to the invitees' focal points and observers. */
export class CreateMeetingDto {
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title: string;

  @IsIn(MEETING_KINDS)
  kind: MeetingKind;

  /** ISO 8601 instant with an offset. */
  @Matches(INSTANT, instantMessage('startsAt'))
  startsAt: string;

  /** ISO 8601 instant with an offset, after `startsAt`, at most 7 days later. */
  @Matches(INSTANT, instantMessage('endsAt'))
  endsAt: string;

  /** IANA time zone the meeting is held in, e.g. Europe/Paris. */
  @IsIanaTimeZone()
  timeZone: string;

  /** Where it takes place in person; a meeting needs a location, a virtualUrl or both. */
  @PresentUnlessNull()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  location?: string | null;

  /** https link to join online. */
  @PresentUnlessNull()
  @IsUrl(httpsUrl, { message: 'virtualUrl must be an https URL' })
  @MaxLength(2048)
  virtualUrl?: string | null;

  /** Member or observer codes of the hosts (at least one); they are added to the invitees. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOSTS)
  @Matches(/^[A-Z]{2,8}$/, codesMessage)
  hostMemberCodes: string[];

  /** Member or observer codes invited (the hosts are added). */
  @IsArray()
  @ArrayMaxSize(MAX_INVITEES)
  @Matches(/^[A-Z]{2,8}$/, codesMessage)
  inviteeMemberCodes: string[];

  /** Marks a table-top exercise meeting. */
  @Present()
  @IsBoolean()
  exercise?: boolean;
}

/** Changed fields only; absent fields stay as they are. Needs If-Match. */
export class UpdateMeetingDto {
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title?: string;

  @Present()
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;

  @Present()
  @Matches(INSTANT, instantMessage('startsAt'))
  startsAt?: string;

  @Present()
  @Matches(INSTANT, instantMessage('endsAt'))
  endsAt?: string;

  @Present()
  @IsIanaTimeZone()
  timeZone?: string;

  /** null removes it (a virtualUrl must remain). */
  @PresentUnlessNull()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  location?: string | null;

  /** null removes it (a location must remain). */
  @PresentUnlessNull()
  @IsUrl(httpsUrl, { message: 'virtualUrl must be an https URL' })
  @MaxLength(2048)
  virtualUrl?: string | null;

  @Present()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOSTS)
  @Matches(/^[A-Z]{2,8}$/, codesMessage)
  hostMemberCodes?: string[];

  @Present()
  @IsArray()
  @ArrayMaxSize(MAX_INVITEES)
  @Matches(/^[A-Z]{2,8}$/, codesMessage)
  inviteeMemberCodes?: string[];

  @Present()
  @IsBoolean()
  exercise?: boolean;
}
