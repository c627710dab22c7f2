import { Module } from '@nestjs/common';
import { ProposalAuthoringService } from './proposal-authoring.service.js';
import { ProposalClosingService } from './proposal-closing.service.js';
import { ProposalDeadlineWorker } from './proposal-deadline.worker.js';
import { ProposalLifeCycleService } from './proposal-life-cycle.service.js';
import { ProposalMail } from './proposal-mail.js';
import { ProposalRemindersService } from './proposal-reminders.service.js';
import { ProposalRepliesService } from './proposal-replies.service.js';
import { ProposalsController } from './proposals.controller.js';
import { ProposalsService } from './proposals.service.js';

/** Coordinated-response proposals: drafting, opening, members' replies, decision rules, closing at the deadline. */
@Module({
  controllers: [ProposalsController],
  providers: [
    ProposalsService,
    ProposalAuthoringService,
    ProposalLifeCycleService,
    ProposalClosingService,
    ProposalRepliesService,
    ProposalRemindersService,
    ProposalMail,
    ProposalDeadlineWorker,
  ],
})
export class ProposalsModule {}
