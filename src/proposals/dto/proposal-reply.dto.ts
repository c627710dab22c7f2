import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { POSITIONS, type Position } from '../proposal.entity.js';
import { trim } from '../../common/validation.js';

/** Positions that must say why. */
export const COMMENT_REQUIRED: readonly Position[] = ['object', 'support_with_reservations'];

export class ProposalReplyDto {
  @IsIn(POSITIONS)
  position: Position;

  /** Required (1 to 4,000 characters) for object and support_with_reservations; optional otherwise (blank = none). */
  @Transform(trim)
  @ValidateIf(
    (reply: ProposalReplyDto) =>
      COMMENT_REQUIRED.includes(reply.position) ||
      (reply.comment !== undefined && reply.comment !== null && reply.comment !== ''),
  )
  @IsString({ message: 'comment is required for object and support_with_reservations, as text' })
  @Length(1, 4000, { message: 'comment must be 1 to 4000 characters' })
  comment?: string | null;
}

export class ListProposalRepliesQuery extends PageQuery {
  /** `true` adds superseded replies (current: false) to the current ones. */
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  history?: 'true' | 'false';
}
