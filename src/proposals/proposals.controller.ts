import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../auth/decorators.js';
import { IfMatch, requireVersion } from '../common/etag.js';
import { RecordIdPipe } from '../common/id.pipe.js';
import { RecordLocation } from '../common/record-location.js';
import type { Caller } from '../common/request-context.js';
import { ListProposalsQuery } from './dto/list-proposals.dto.js';
import { ListProposalRepliesQuery, ProposalReplyDto } from './dto/proposal-reply.dto.js';
import { CreateProposalDto, UpdateProposalDto } from './dto/proposal.dto.js';
import { ProposalAuthoringService } from './proposal-authoring.service.js';
import { ProposalClosingService } from './proposal-closing.service.js';
import { ProposalLifeCycleService } from './proposal-life-cycle.service.js';
import { ProposalRepliesService } from './proposal-replies.service.js';
import { MemberCodePipe } from '../members/member-code.pipe.js';
import { ProposalPageView, ProposalReplyPageView, ProposalReplyView, ProposalView } from './proposal.view.js';
import { ProposalsService } from './proposals.service.js';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals')
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly authoring: ProposalAuthoringService,
    private readonly lifeCycle: ProposalLifeCycleService,
    private readonly closing: ProposalClosingService,
    private readonly replies: ProposalRepliesService,
  ) {}

  /** The proposals the caller may see, newest first. */
  @Get()
  @Allow('proposals:read')
  list(@CurrentActor() actor: Caller, @Query() query: ListProposalsQuery): Promise<ProposalPageView> {
    return this.proposals.list(actor, query);
  }

  /** A draft, with its reference; linked notices must be ones the author may see. */
  @Post()
  @Allow('proposals:manage')
  @RecordLocation('/api/v1/proposals/:id')
  create(@CurrentActor() actor: Caller, @Body() input: CreateProposalDto): Promise<ProposalView> {
    return this.authoring.create(actor, input);
  }

  /** One proposal, if the caller may see it (404 otherwise), with its current tally. */
  @Get(':id')
  @Allow('proposals:read')
  get(@CurrentActor() actor: Caller, @Param('id', RecordIdPipe) id: string): Promise<ProposalView> {
    return this.proposals.get(actor, id);
  }

  /** Edit a draft. Needs If-Match. */
  @Patch(':id')
  @Allow('proposals:manage')
  update(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Body() input: UpdateProposalDto,
    @IfMatch() version: number | undefined,
  ): Promise<ProposalView> {
    return this.authoring.update(actor, id, input, requireVersion(version));
  }

  /** Put a draft to the members: they are mailed, and it closes by itself at its deadline. */
  @Post(':id/open')
  @HttpCode(200)
  @Allow('proposals:manage')
  open(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<ProposalView> {
    return this.lifeCycle.open(actor, id, version);
  }

  /** Withdraw a draft or an open proposal; members are told if it was open. */
  @Post(':id/withdraw')
  @HttpCode(200)
  @Allow('proposals:manage')
  withdraw(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<ProposalView> {
    return this.lifeCycle.withdraw(actor, id, version);
  }

  /** Close an open proposal now, applying its decision rule to the replies so far; members get the result. */
  @Post(':id/close')
  @HttpCode(200)
  @Allow('proposals:manage')
  close(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<ProposalView> {
    return this.closing.close(actor, id, version);
  }

  /** Current replies, oldest first; `history=true` adds the superseded ones. */
  @Get(':id/replies')
  @Allow('proposals:read')
  listReplies(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Query() query: ListProposalRepliesQuery,
  ): Promise<ProposalReplyPageView> {
    return this.replies.list(actor, id, query);
  }

  /** A member's position, by one of its focal points, while the proposal is open: 201 the first time, 200 after. */
  @Put(':id/replies/:memberCode')
  @Allow('proposals:reply')
  @ApiCreatedResponse({ type: ProposalReplyView, description: 'The member’s first reply' })
  @ApiOkResponse({ type: ProposalReplyView, description: 'The member’s reply replaced (or unchanged)' })
  async reply(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Param('memberCode', MemberCodePipe) memberCode: string,
    @Body() input: ProposalReplyDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProposalReplyView> {
    const { reply, created } = await this.replies.reply(actor, id, memberCode, input);
    response.status(created ? 201 : 200);
    return reply;
  }
}
