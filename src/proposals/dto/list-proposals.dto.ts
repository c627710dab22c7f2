import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CreatedRangeQuery } from '../../common/dto/created-range.dto.js';
import {
  ACTION_TYPES,
  DECISION_RULES,
  PROPOSAL_STATUSES,
  type ActionType,
  type DecisionRule,
  type ProposalStatus,
} from '../proposal.entity.js';

export class ListProposalsQuery extends CreatedRangeQuery {
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
}
