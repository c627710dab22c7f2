import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination.js';
import type { Actor } from '../common/request-context.js';
import type { ListProposalsQuery } from './dto/list-proposals.dto.js';
import { findVisibleProposal } from './proposal-finder.js';
import { presentProposal, presentProposals } from './proposal-presenter.js';
import { Proposal } from './proposal.entity.js';
import type { ProposalPageView, ProposalView } from './proposal.view.js';
import { viewerOf, visibleProposals } from './proposals.policy.js';

/** Reading proposals: one, or a filtered page of those the caller may see. */
@Injectable()
export class ProposalsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(actor: Actor, id: string): Promise<ProposalView> {
    const manager = this.dataSource.manager;
    return presentProposal(manager, actor, await findVisibleProposal(manager, viewerOf(actor), id));
  }

  /** Newest first (createdAt desc, id desc), keyset-paginated; visibility is part of the query. */
  async list(actor: Actor, query: ListProposalsQuery): Promise<ProposalPageView> {
    const manager = this.dataSource.manager;
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['instant', 'id']);
    const visible = visibleProposals(viewerOf(actor), 'p');
    const builder = manager
      .createQueryBuilder(Proposal, 'p')
      .where(visible.where, visible.params)
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(limit + 1);
    if (after) {
      builder.andWhere('(p.created_at, p.id) < (:afterAt, :afterId)', { afterAt: after[0], afterId: after[1] });
    }
    if (query.status) builder.andWhere('p.status = :status', { status: query.status });
    if (query.decisionRule) builder.andWhere('p.decision_rule = :rule', { rule: query.decisionRule });
    if (query.actionType) builder.andWhere('p.action_type = :actionType', { actionType: query.actionType });
    if (query.exercise) builder.andWhere('p.exercise = :exercise', { exercise: query.exercise === 'true' });
    if (query.from) builder.andWhere('p.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('p.created_at < :to', { to: query.to });
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: await presentProposals(manager, actor, page),
      nextCursor: rows.length > limit ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  }
}
