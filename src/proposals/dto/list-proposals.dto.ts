import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { INSTANT } from '../../common/instants.js';
import { PageQuery } from '../../common/pagination.js';
import {
  ACTION_TYPES,
  DECISION_RULES,
  PROPOSAL_STATUSES,
  type ActionType,
  type DecisionRule,
  type ProposalStatus,
} from '../proposal.entity.js';

export class ListProposalsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES })
  @IsOptional()
  @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;

  @ApiPropertyOptional({ enum: DECISION_RULES })
  @IsOptional()
  @IsIn(DECISION_RULES)
  decisionRule?: DecisionRule;

  @ApiPropertyOptional({ enum: ACTION_TYPES })
  @IsOptional()
  @IsIn(ACTION_TYPES)
  actionType?: ActionType;

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
}
