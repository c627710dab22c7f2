import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsString, IsUUID, Length, Matches } from 'class-validator';
import { INSTANT } from '../../common/instants.js';
import { ACTION_TYPES, DECISION_RULES, type ActionType, type DecisionRule } from '../proposal.entity.js';
import { MAX_LINKED_NOTICES } from '../proposal-input.js';
import { IsOneLine, Present, trim } from '../../common/validation.js';

/** Optional on creation: absent takes the default, null is refused. */
const Optional = Present;

/** A new proposal; it starts as a draft of the secretariat. */
export class CreateProposalDto {
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title: string;

  /** Why the members are asked to act: up to 20,000 characters. */
  @Transform(trim)
  @IsString()
  @Length(1, 20_000)
  rationale: string;

  @IsIn(ACTION_TYPES)
  actionType: ActionType;

  /** Ids of the notices it answers (at most 20), each one the author may see. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKED_NOTICES)
  @IsUUID('all', { each: true, message: 'each notice id must be a UUID' })
  noticeIds?: string[];

  @IsIn(DECISION_RULES)
  decisionRule: DecisionRule;

  /** When it closes by itself: an ISO 8601 instant with offset, in the future, at most 366 days ahead. */
  @Matches(INSTANT, { message: 'deadline must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true })
  deadline: string;

  /** Marks table-top exercise traffic. */
  @Optional()
  @IsBoolean()
  exercise?: boolean;
}

/** Changed fields only, while the proposal is a draft; absent fields stay as they are. Needs If-Match. */
export class UpdateProposalDto {
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  @IsOneLine()
  title?: string;

  /** Up to 20,000 characters. */
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 20_000)
  rationale?: string;

  @Present()
  @IsIn(ACTION_TYPES)
  actionType?: ActionType;

  /** Replaces the list of linked notices. */
  @Present()
  @IsArray()
  @ArrayMaxSize(MAX_LINKED_NOTICES)
  @IsUUID('all', { each: true, message: 'each notice id must be a UUID' })
  noticeIds?: string[];

  @Present()
  @IsIn(DECISION_RULES)
  decisionRule?: DecisionRule;

  /** An ISO 8601 instant with offset, in the future, at most 366 days ahead. */
  @Present()
  @Matches(INSTANT, { message: 'deadline must be an ISO 8601 instant with an offset' })
  @IsISO8601({ strict: true })
  deadline?: string;

  @Present()
  @IsBoolean()
  exercise?: boolean;
}
