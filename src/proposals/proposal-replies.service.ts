import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forbidden, invalidState } from '../common/errors/app-error.js';
import { pageByTime } from '../common/pagination.js';
import type { Actor, Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Member } from '../members/member.entity.js';
import type { ListProposalRepliesQuery, ProposalReplyDto } from './dto/proposal-reply.dto.js';
import { findVisibleProposal } from './proposal-finder.js';
import { ProposalReply } from './proposal-reply.entity.js';
import { toReplyView, type ProposalReplyPageView, type ProposalReplyView } from './proposal.view.js';
import { mayReplyFor, viewerOf } from './proposals.policy.js';

/** Members' positions on proposals: one current reply per member, every earlier one kept as history. */
@Injectable()
export class ProposalRepliesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Gives or changes the member's position. `created` is true for the member's first reply. Re-sending the
   * current position and comment changes nothing and answers the current reply.
   * Order of checks: 404 (cannot see the proposal) → 403 (not a focal point of that member) → 409 (not open,
   * or past its deadline); the comment rule is checked with the body (400).
   */
  reply(
    actor: Caller,
    id: string,
    memberCode: string,
    input: ProposalReplyDto,
  ): Promise<{ reply: ProposalReplyView; created: boolean }> {
    return this.unitOfWork.run(actor, async (tx) => {
      // The row lock puts replies and the closing of this proposal one after the other.
      const proposal = await findVisibleProposal(tx.manager, viewerOf(actor), id, { lock: true });
      if (!mayReplyFor(actor, memberCode)) throw forbidden(`Only a focal point of ${memberCode} replies for it.`);
      const member = await tx.manager.findOneBy(Member, { code: memberCode });
      if (!member || member.kind !== 'member' || !member.active) {
        throw forbidden('Only active G7 members take positions on proposals.');
      }
      if (proposal.status !== 'open') {
        throw invalidState(`Proposal ${proposal.reference} is ${proposal.status}; replies are taken while it is open.`);
      }
      const now = new Date();
      if (proposal.deadline.getTime() <= now.getTime()) {
        throw invalidState(`Proposal ${proposal.reference} reached its deadline; it is being closed.`);
      }
      const comment = input.comment ? input.comment : null;
      const current = await tx.manager.findOneBy(ProposalReply, { proposalId: id, memberCode, current: true });
      if (current && current.position === input.position && current.comment === comment) {
        return { reply: toReplyView(current), created: false };
      }
      if (current) await tx.manager.update(ProposalReply, { id: current.id }, { current: false });
      const reply = await tx.manager.save(
        tx.manager.create(ProposalReply, {
          proposalId: id,
          memberCode,
          position: input.position,
          comment,
          repliedBy: actor.id,
          repliedAt: now,
          current: true,
        }),
      );
      tx.audit({
        action: 'proposal.reply_given',
        entityType: 'proposal',
        entityId: id,
        changes: { memberCode, position: reply.position, previous: current?.position ?? null },
      });
      return { reply: toReplyView(reply), created: current === null };
    });
  }

  /** Current replies, oldest first; with `history`, superseded ones too. Whoever sees the proposal sees them. */
  async list(actor: Actor, id: string, query: ListProposalRepliesQuery): Promise<ProposalReplyPageView> {
    await findVisibleProposal(this.dataSource.manager, viewerOf(actor), id);
    const builder = this.dataSource.manager.createQueryBuilder(ProposalReply, 'r').where('r.proposal_id = :id', { id });
    if (query.history !== 'true') builder.andWhere('r.current');
    return pageByTime(builder, { column: 'replied_at', time: (r) => r.repliedAt, order: 'ASC' }, query, toReplyView);
  }
}
