import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/request-context.js';
import { Member } from '../members/member.entity.js';
import { Notice } from '../notices/notice.entity.js';
import { viewerOf as noticeViewerOf, visibleNotices } from '../notices/notices.policy.js';
import { tallyReplies, type CurrentReply, type MemberStanding } from './decision-rules.js';
import { ProposalNotice } from './proposal-notice.entity.js';
import { ProposalReply } from './proposal-reply.entity.js';
import type { Proposal } from './proposal.entity.js';
import { toProposalView, type ProposalView } from './proposal.view.js';

/** Every member's kind and standing: a small table, read once per answer. */
export async function memberStandings(manager: EntityManager): Promise<MemberStanding[]> {
  return manager.find(Member, { select: { code: true, kind: true, active: true } });
}

/** Current replies of the given proposals, by proposal id. */
export async function currentReplies(
  manager: EntityManager,
  proposalIds: string[],
): Promise<Map<string, CurrentReply[]>> {
  const byProposal = new Map<string, CurrentReply[]>(proposalIds.map((id) => [id, []]));
  if (proposalIds.length === 0) return byProposal;
  const rows = await manager
    .createQueryBuilder(ProposalReply, 'r')
    .select(['r.proposalId', 'r.memberCode', 'r.position'])
    .where('r.proposal_id IN (:...ids)', { ids: proposalIds })
    .andWhere('r.current')
    .getMany();
  for (const row of rows) byProposal.get(row.proposalId)?.push({ memberCode: row.memberCode, position: row.position });
  return byProposal;
}

/**
 * Turns proposals into what `actor` may read, in a fixed number of queries whatever the count: the linked
 * notices filtered by the notices' own visibility (a proposal never reveals a notice its reader cannot see),
 * and the tallies of those not yet closed (closed ones keep the tally they were decided on).
 */
export async function presentProposals(
  manager: EntityManager,
  actor: Actor,
  proposals: Proposal[],
): Promise<ProposalView[]> {
  if (proposals.length === 0) return [];
  const ids = proposals.map((proposal) => proposal.id);
  const visible = visibleNotices(noticeViewerOf(actor), 'n');
  const links = await manager
    .createQueryBuilder(ProposalNotice, 'pn')
    .innerJoin(Notice, 'n', 'n.id = pn.notice_id')
    .where('pn.proposal_id IN (:...ids)', { ids })
    .andWhere(visible.where, visible.params)
    .orderBy('pn.position', 'ASC')
    .getMany();
  const noticeIds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const link of links) noticeIds.get(link.proposalId)!.push(link.noticeId);

  const live = proposals.filter((proposal) => proposal.finalTally === null).map((proposal) => proposal.id);
  const replies = await currentReplies(manager, live);
  const members = live.length > 0 ? await memberStandings(manager) : [];
  return proposals.map((proposal) =>
    toProposalView(proposal, {
      noticeIds: noticeIds.get(proposal.id)!,
      tally: tallyReplies(members, replies.get(proposal.id) ?? []),
    }),
  );
}

export async function presentProposal(manager: EntityManager, actor: Actor, proposal: Proposal): Promise<ProposalView> {
  const [view] = await presentProposals(manager, actor, [proposal]);
  return view;
}
