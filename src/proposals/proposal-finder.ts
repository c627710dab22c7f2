import type { EntityManager } from 'typeorm';
import { notFound } from '../common/errors/app-error.js';
import { Proposal } from './proposal.entity.js';
import { visibleProposals, type ProposalViewer } from './proposals.policy.js';

/**
 * Loads one proposal as the viewer may see it: anything else is "not found", never "forbidden".
 * `lock` takes the row (FOR UPDATE) for the rest of the transaction: every change, reply and closing does, so
 * they run one after the other on a given proposal.
 */
export async function findVisibleProposal(
  manager: EntityManager,
  viewer: ProposalViewer,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Proposal> {
  const visible = visibleProposals(viewer, 'p');
  const builder = manager
    .createQueryBuilder(Proposal, 'p')
    .where('p.id = :id', { id })
    .andWhere(visible.where, visible.params);
  if (options.lock) builder.setLock('pessimistic_write');
  const proposal = await builder.getOne();
  if (!proposal) throw notFound('Proposal');
  return proposal;
}

/**
 * For the server's own work (closing at the deadline, reminders): the proposal with this id, its row taken for the
 * rest of the transaction like every change and reply takes it, or null when there is none.
 */
export function lockProposal(manager: EntityManager, id: string): Promise<Proposal | null> {
  return manager.createQueryBuilder(Proposal, 'p').where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
}
