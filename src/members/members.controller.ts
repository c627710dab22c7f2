import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiPage } from '../common/openapi.js';
import { Allow, CurrentActor } from '../auth/decorators.js';
import { IfMatch, requireVersion } from '../common/etag.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { RecordLocation } from '../common/record-location.js';
import { CreateMemberDto, FocalPointView, MemberView, UpdateMemberDto } from './dto/member.dto.js';
import { MEMBER_KINDS } from './member.entity.js';
import { MembersService } from './members.service.js';
import type { Caller } from '../common/request-context.js';

class ListMembersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MEMBER_KINDS })
  @IsOptional()
  @IsIn(MEMBER_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: string;
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  /** Members and observers of the RRM. */
  @Get()
  @Allow('members:read')
  @ApiPage(MemberView)
  list(@Query() query: ListMembersQuery): Promise<Page<MemberView>> {
    return this.members.list(query);
  }

  @Get(':code')
  @Allow('members:read')
  get(@Param('code') code: string): Promise<MemberView> {
    return this.members.get(code);
  }

  /** Active focal points (or observer representatives) of a member. */
  @Get(':code/focal-points')
  @Allow('members:read')
  @ApiPage(FocalPointView)
  focalPoints(@Param('code') code: string, @Query() query: PageQuery): Promise<Page<FocalPointView>> {
    return this.members.focalPoints(code, query);
  }

  /** A new member or observer joins the network. */
  @Post()
  @Allow('members:manage')
  @RecordLocation('/api/v1/members/:code')
  create(@CurrentActor() actor: Caller, @Body() input: CreateMemberDto): Promise<MemberView> {
    return this.members.create(actor, input);
  }

  /** Rename, deactivate or reactivate a member. Needs If-Match. */
  @Patch(':code')
  @Allow('members:manage')
  update(
    @CurrentActor() actor: Caller,
    @Param('code') code: string,
    @Body() input: UpdateMemberDto,
    @IfMatch() version: number | undefined,
  ): Promise<MemberView> {
    return this.members.update(actor, code, input, requireVersion(version));
  }
}
