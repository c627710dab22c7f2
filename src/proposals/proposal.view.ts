import { ApiProperty } from '@nestjs/swagger';
import { answeredInFull } from '../common/etag.js';
import { ApiInteger } from '../common/openapi.js';
import type { Page } from '../common/pagination.js';
import type { Tally } from './decision-rules.js';
import type { ProposalReply } from './proposal-reply.entity.js';
import {
  OUTCOMES,
  type ActionType,
  type DecisionRule,
  type Outcome,
  type Position,
  type Proposal,
  type ProposalStatus,
} from './proposal.entity.js';

/** Positions of the active G7 members: current replies while open, the replies the outcome was decided on once closed. */
export class TallyView {
  @ApiInteger()
  support: number;
  @ApiInteger()
  support_with_reservations: number;
  @ApiInteger()
  abstain: number;
  @ApiInteger()
  object: number;
  /** Active members that have not replied, in code order. */
  notReplied: string[];
}

/** A coordinated-response proposal as the API shows it. */
export class ProposalView {
  id: string;
  /** RRP-<year>-<sequence>, e.g. RRP-2026-0001. */
  reference: string;
  title: string;
  rationale: string;
  actionType: ActionType;
  /** The notices it answers, in order: only those the reader may see. */
  noticeIds: string[];
  decisionRule: DecisionRule;
  /** When it closes by itself (ISO 8601). */
  deadline: string;
  status: ProposalStatus;
  /** Once closed: adopted or not_adopted; null before. */
  // OpenAPI 3.0 wants null among the values of a nullable enum.
  @ApiProperty({ enum: [...OUTCOMES, null] as string[], nullable: true })
  outcome: Outcome | null;
  /** Table-top exercise traffic. */
  exercise: boolean;
  /** The id of the user who created it. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  openedAt: string | null;
  closedAt: string | null;
  /** Who closed it early; null when it closed by itself at the deadline, or is not closed. */
  closedBy: string | null;
  withdrawnAt: string | null;
  @ApiInteger()
  version: number;
  tally: TallyView;
  /** Once closed: members whose final position was support or support_with_reservations; null before. */
  signatories: string[] | null;
}

export class ProposalPageView implements Page<ProposalView> {
  data: ProposalView[];
  nextCursor: string | null;
}

/** One member's position on a proposal. */
export class ProposalReplyView {
  memberCode: string;
  position: Position;
  comment: string | null;
  /** The id of the focal point who gave it. */
  repliedBy: string;
  repliedAt: string;
  /** false for a reply superseded by a later one of the same member. */
  current: boolean;
}

export class ProposalReplyPageView implements Page<ProposalReplyView> {
  data: ProposalReplyView[];
  nextCursor: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Answered in full to conditional reads: the tally and the notices shown change without the version. */
export function toProposalView(proposal: Proposal, extras: { noticeIds: string[]; tally: Tally }): ProposalView {
  const tally = proposal.finalTally ?? extras.tally;
  return answeredInFull({
    id: proposal.id,
    reference: proposal.reference,
    title: proposal.title,
    rationale: proposal.rationale,
    actionType: proposal.actionType,
    noticeIds: [...extras.noticeIds],
    decisionRule: proposal.decisionRule,
    deadline: proposal.deadline.toISOString(),
    status: proposal.status,
    outcome: proposal.outcome,
    exercise: proposal.exercise,
    createdBy: proposal.createdBy,
    createdAt: proposal.createdAt.toISOString(),
    updatedAt: proposal.updatedAt.toISOString(),
    openedAt: iso(proposal.openedAt),
    closedAt: iso(proposal.closedAt),
    closedBy: proposal.closedBy,
    withdrawnAt: iso(proposal.withdrawnAt),
    version: proposal.version,
    tally: {
      support: tally.support,
      support_with_reservations: tally.support_with_reservations,
      abstain: tally.abstain,
      object: tally.object,
      notReplied: [...tally.notReplied],
    },
    signatories: proposal.signatories ? [...proposal.signatories] : null,
  });
}

export const toReplyView = (reply: ProposalReply): ProposalReplyView => ({
  memberCode: reply.memberCode,
  position: reply.position,
  comment: reply.comment,
  repliedBy: reply.repliedBy,
  repliedAt: reply.repliedAt.toISOString(),
  current: reply.current,
});
