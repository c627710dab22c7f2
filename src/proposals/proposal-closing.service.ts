import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fieldChanges } from '../audit/audit-actions.js';
import { invalidState } from '../common/errors/app-error.js';
import { assertVersion } from '../common/etag.js';
import type { Actor, Caller } from '../common/request-context.js';
import { Transaction, UnitOfWork } from '../database/unit-of-work.js';
import { decide, signatoriesOf, tallyReplies } from './decision-rules.js';
import { findVisibleProposal, lockProposal } from './proposal-finder.js';
import { ProposalMail } from './proposal-mail.js';
import { currentReplies, memberStandings, presentProposal } from './proposal-presenter.js';
import { Proposal } from './proposal.entity.js';
import type { ProposalView } from './proposal.view.js';
import { viewerOf } from './proposals.policy.js';

/** Raised when a deadline job runs before its deadline (clocks apart): the job is retried a little later. */
export class DeadlineNotReached extends Error {}

/**
 * Closing a proposal: by itself at the deadline (the deadline job, or the sweep for a job that was lost), or
 * earlier by the secretariat. Every path locks the proposal row and closes only an open proposal, so however
 * many processes race, a proposal closes once: one outcome, one `proposal.closed` event, one result email each.
 */
@Injectable()
export class ProposalClosingService {
  private readonly logger = new Logger('Proposals');

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: ProposalMail,
  ) {}

  /** The secretariat closes now, applying the proposal's rule to the replies so far. */
  close(actor: Caller, id: string, expectedVersion?: number): Promise<ProposalView> {
    return this.unitOfWork.run(actor, async (tx) => {
      const proposal = await findVisibleProposal(tx.manager, viewerOf(actor), id, { lock: true });
      assertVersion(proposal.version, expectedVersion);
      if (proposal.status !== 'open') {
        throw invalidState(
          `Proposal ${proposal.reference} is ${proposal.status}; only an open proposal can be closed.`,
        );
      }
      const closed = await this.applyClose(tx, proposal, actor);
      return presentProposal(tx.manager, actor, closed);
    });
  }

  /** The server closes a proposal whose deadline has come; false when there is nothing (left) to do. */
  closeAtDeadline(id: string): Promise<boolean> {
    return this.unitOfWork.run(null, async (tx) => {
      const proposal = await lockProposal(tx.manager, id);
      if (!proposal || proposal.status !== 'open') return false;
      if (proposal.deadline.getTime() > Date.now()) {
        throw new DeadlineNotReached(
          `Proposal ${proposal.reference} is not due until ${proposal.deadline.toISOString()}.`,
        );
      }
      await this.applyClose(tx, proposal, null);
      return true;
    });
  }

  /**
   * Closes every open proposal past its deadline, oldest deadline first; the count it closed. A deadline job runs
   * it after closing its own proposal, so proposals sharing a deadline (a round hour, say) close together rather
   * than one job at a time.
   */
  async closeAllDue(): Promise<number> {
    const now = new Date();
    let closed = 0;
    let after: { deadline: Date; id: string } | null = null;
    for (;;) {
      const due = (await this.dataSource.query(
        `SELECT id, deadline FROM proposal WHERE status = 'open' AND deadline <= $1
           AND ($2::timestamptz IS NULL OR (deadline, id) > ($2, $3::uuid))
         ORDER BY deadline, id LIMIT 100`,
        [now, after?.deadline ?? null, after?.id ?? null],
      )) as { id: string; deadline: Date }[];
      for (const { id } of due) {
        // One proposal that cannot be closed now (its own job retries it) does not hold up the others.
        try {
          if (await this.closeAtDeadline(id)) closed++;
        } catch (error) {
          this.logger.error({ err: error, proposalId: id }, 'A proposal past its deadline could not be closed.');
        }
      }
      if (due.length < 100) return closed;
      after = due[due.length - 1];
    }
  }

  /** Closes every open proposal past its deadline, in case its job was lost; the count it closed. */
  async sweep(): Promise<number> {
    const closed = await this.closeAllDue();
    if (closed > 0) this.logger.warn(`The deadline sweep closed ${closed} proposal(s) whose job had not.`);
    return closed;
  }

  /** Decides on the current replies of active members, records the result, audits it and mails the members. */
  private async applyClose(tx: Transaction, proposal: Proposal, actor: Actor | null): Promise<Proposal> {
    const members = await memberStandings(tx.manager);
    const replies = (await currentReplies(tx.manager, [proposal.id])).get(proposal.id) ?? [];
    const tally = tallyReplies(members, replies);
    const now = new Date();
    const before = { ...proposal };
    proposal.status = 'closed';
    proposal.outcome = decide(proposal.decisionRule, tally);
    proposal.closedAt = now;
    proposal.closedBy = actor?.id ?? null;
    proposal.finalTally = tally;
    proposal.signatories = signatoriesOf(members, replies);
    const saved = await tx.manager.save(proposal);
    await this.mail.closed(tx, saved, {
      outcome: saved.outcome!,
      early: now.getTime() < saved.deadline.getTime(),
      tally,
      signatories: saved.signatories!,
    });
    tx.audit({
      action: 'proposal.closed',
      entityType: 'proposal',
      entityId: saved.id,
      changes: fieldChanges(before, saved, ['status', 'outcome', 'closedAt', 'closedBy', 'finalTally', 'signatories']),
      // At the deadline the server acts by itself: the event names no user (actor role "system").
      ...(actor ? {} : { actor: null }),
    });
    return saved;
  }
}
