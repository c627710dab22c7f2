import { Injectable } from '@nestjs/common';
import { fieldChanges } from '../audit/audit-actions.js';
import { invalidState } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { JobQueue } from '../jobs/job-queue.js';
import { findVisibleProposal } from './proposal-finder.js';
import { scheduleDeadlineJobs } from './proposal-jobs.js';
import { ProposalMail } from './proposal-mail.js';
import { presentProposal } from './proposal-presenter.js';
import type { ProposalView } from './proposal.view.js';
import { viewerOf } from './proposals.policy.js';

/** Opening a draft to the members' replies, and withdrawing a draft or an open proposal. */
@Injectable()
export class ProposalLifeCycleService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly mail: ProposalMail,
  ) {}

  /**
   * draft → open: the members are mailed, and the closing at the deadline (and the reminder 24 hours before it)
   * is scheduled in the same transaction, so it exists exactly when the opening commits. A deadline that has
   * passed while the proposal was a draft is a 409: edit the deadline first.
   */
  open(actor: Caller, id: string, expectedVersion?: number): Promise<ProposalView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const proposal = await findVisibleProposal(tx.manager, viewerOf(actor), id, { lock: true });
      assertVersion(proposal.version, expectedVersion);
      if (proposal.status !== 'draft') {
        throw invalidState(`Proposal ${proposal.reference} is ${proposal.status}; only a draft can be opened.`);
      }
      const now = new Date();
      if (proposal.deadline.getTime() <= now.getTime()) {
        throw invalidState(
          `Proposal ${proposal.reference} has a deadline in the past (${proposal.deadline.toISOString()}); ` +
            'set a new deadline before opening it.',
        );
      }
      const before = { ...proposal };
      proposal.status = 'open';
      proposal.openedAt = now;
      const saved = await tx.manager.save(proposal);
      await scheduleDeadlineJobs(this.jobs, tx.manager, saved, now);
      await this.mail.opened(tx, saved);
      tx.audit({
        action: 'proposal.opened',
        entityType: 'proposal',
        entityId: id,
        changes: fieldChanges(before, saved, ['status', 'openedAt']),
      });
      return presentProposal(tx.manager, actor, saved);
    });
  }

  /** draft | open → withdrawn. Members are told when it had been put to them; its pending jobs find it withdrawn. */
  withdraw(actor: Caller, id: string, expectedVersion?: number): Promise<ProposalView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const proposal = await findVisibleProposal(tx.manager, viewerOf(actor), id, { lock: true });
      assertVersion(proposal.version, expectedVersion);
      if (proposal.status !== 'draft' && proposal.status !== 'open') {
        throw invalidState(
          `Proposal ${proposal.reference} is ${proposal.status}; only a draft or an open proposal can be withdrawn.`,
        );
      }
      const before = { ...proposal };
      proposal.status = 'withdrawn';
      proposal.withdrawnAt = new Date();
      const saved = await tx.manager.save(proposal);
      if (before.status === 'open') await this.mail.withdrawn(tx, saved);
      tx.audit({
        action: 'proposal.withdrawn',
        entityType: 'proposal',
        entityId: id,
        changes: fieldChanges(before, saved, ['status', 'withdrawnAt']),
      });
      return presentProposal(tx.manager, actor, saved);
    });
  }
}
