import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ApiInteger } from '../../common/openapi.js';
import { IsInstant, NotBeforeFrom } from '../../common/instants.js';
import { PageQuery } from '../../common/pagination.js';

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be a record type such as notice or api_key' })
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ description: 'Exact action, e.g. notice.shared' })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'action must be an action such as notice.shared' })
  action?: string;

  @ApiPropertyOptional({ description: 'Events at or after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Events before this instant' })
  @IsOptional()
  @IsInstant()
  @NotBeforeFrom()
  to?: string;
}

export class AuditEventView {
  id: string;
  @ApiInteger()
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  ip: string | null;
  changes: Record<string, unknown> | null;
  prevHash: string | null;
  hash: string;
}

export class VerificationView {
  valid: boolean;
  @ApiInteger()
  checked: number;
  @ApiInteger({ nullable: true })
  firstBrokenSeq: number | null;
  @ApiInteger({ nullable: true })
  headSeq: number | null;
  headHash: string | null;
}
