import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Transaction } from '../database/unit-of-work.js';
import { MailAccess } from '../notifications/mail-access.js';
import { Recipients, type Recipient } from '../notifications/recipients.js';
import { render, type MessageContent } from '../notifications/templates/layout.js';
import {
  proposalClosed,
  proposalOpened,
  proposalReminder,
  proposalWithdrawn,
  type ProposalMailFacts,
  type ProposalResult,
} from '../notifications/templates/proposal.templates.js';
import type { Language } from '../users/user.entity.js';
import type { Proposal } from './proposal.entity.js';
import { viewerOf, visibleProposals } from './proposals.policy.js';

type Template = 'proposal.opened' | 'proposal.reminder' | 'proposal.closed' | 'proposal.withdrawn';

/**
 * Proposal emails to the members' focal points (observers have no say, so no mail), one per recipient in the
 * recipient's language, queued in the use case's transaction. Dedupe keys are per proposal, event and user:
 * the same event can never mail anyone twice, even if two processes raced to act on it.
 */
@Injectable()
export class ProposalMail {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly recipients: Recipients,
    access: MailAccess,
  ) {
    access.register('proposal', 'proposal', (reader, alias) => visibleProposals(viewerOf(reader), alias));
    // Proposal mail speaks to members' focal points (replies, results): one made an observer or staff since it was
    // queued is no longer one of them.
    access.register(
      'proposal-for-members',
      'proposal',
      (reader, alias) =>
        reader.role === 'focal_point' ? visibleProposals(viewerOf(reader), alias) : { where: 'FALSE', params: {} },
      "The recipient is no longer a member's focal point.",
    );
  }

  /** The opening email to every active member's focal points: the notice "at open". */
  async opened(tx: Transaction, proposal: Proposal): Promise<void> {
    this.queue(tx, await this.recipients.ofAllMembers(tx.manager), 'proposal.opened', proposal, (language, facts) =>
      proposalOpened(language, facts),
    );
  }

  /** Reminds the focal points of the members listed (those that have not replied). */
  async reminder(tx: Transaction, proposal: Proposal, memberCodes: string[]): Promise<number> {
    const recipients = await this.recipients.ofMembers(tx.manager, memberCodes);
    this.queue(tx, recipients, 'proposal.reminder', proposal, proposalReminder);
    return recipients.length;
  }

  async closed(tx: Transaction, proposal: Proposal, result: ProposalResult): Promise<void> {
    this.queue(tx, await this.recipients.ofAllMembers(tx.manager), 'proposal.closed', proposal, (language, facts) =>
      proposalClosed(language, facts, result),
    );
  }

  async withdrawn(tx: Transaction, proposal: Proposal): Promise<void> {
    this.queue(tx, await this.recipients.ofAllMembers(tx.manager), 'proposal.withdrawn', proposal, proposalWithdrawn);
  }

  private queue(
    tx: Transaction,
    recipients: Recipient[],
    template: Template,
    proposal: Proposal,
    content: (language: Language, facts: ProposalMailFacts) => MessageContent,
  ): void {
    const facts: ProposalMailFacts = {
      reference: proposal.reference,
      title: proposal.title,
      actionType: proposal.actionType,
      decisionRule: proposal.decisionRule,
      deadline: proposal.deadline,
      exercise: proposal.exercise,
      url: `${this.config.appBaseUrl}/proposals/${proposal.id}`,
    };
    for (const to of recipients) {
      tx.notify({
        dedupeKey: `${template.replace('.', '-')}:${proposal.id}:${to.userId}`,
        recipientUserId: to.userId,
        recipientEmail: to.email,
        language: to.preferredLanguage,
        template,
        ...render(to.preferredLanguage, content(to.preferredLanguage, facts)),
        accessTo: [{ type: 'proposal-for-members', id: proposal.id }],
      });
    }
  }
}
