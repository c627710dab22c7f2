import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { tallyReplies } from './decision-rules.js';
import { ProposalMail } from './proposal-mail.js';
import { currentReplies, memberStandings } from './proposal-presenter.js';
import { lockProposal } from './proposal-finder.js';

/** The reminder 24 hours before the deadline, to the focal points of members that have not replied yet. */
@Injectable()
export class ProposalRemindersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: ProposalMail,
  ) {}

  /** The members reminded; none when the proposal is no longer open or everyone has replied. */
  remind(id: string): Promise<string[]> {
    return this.unitOfWork.run(null, async (tx) => {
      // Shares the row lock with replies and closing, so the list of who has not replied holds until commit.
      const proposal = await lockProposal(tx.manager, id);
      if (!proposal || proposal.status !== 'open' || proposal.deadline.getTime() <= Date.now()) return [];
      const members = await memberStandings(tx.manager);
      const replies = (await currentReplies(tx.manager, [id])).get(id) ?? [];
      const { notReplied } = tallyReplies(members, replies);
      if (notReplied.length === 0) return [];
      const recipients = await this.mail.reminder(tx, proposal, notReplied);
      tx.audit({
        action: 'proposal.reminder_sent',
        entityType: 'proposal',
        entityId: id,
        changes: { memberCodes: notReplied, recipients },
        actor: null,
      });
      return notReplied;
    });
  }
}
