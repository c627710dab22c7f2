import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobQueue } from '../jobs/job-queue.js';
import { ProposalClosingService } from './proposal-closing.service.js';
import {
  DEADLINE_QUEUE,
  PROPOSAL_JOB_POLICY,
  REMINDER_QUEUE,
  SWEEP_CRON,
  SWEEP_QUEUE,
  type ProposalJob,
} from './proposal-jobs.js';
import { ProposalRemindersService } from './proposal-reminders.service.js';

/**
 * The server's own work on proposals: closing each at its deadline, reminding members 24 hours before, and a
 * sweep every minute for deadlines whose job was lost. Queues are declared by every process (opening a proposal
 * creates jobs in them); the workers run in processes with PROPOSAL_WORKER_ENABLED=true, polling every second.
 */
@Injectable()
export class ProposalDeadlineWorker implements OnModuleInit {
  private readonly logger = new Logger('Proposals');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly closing: ProposalClosingService,
    private readonly reminders: ProposalRemindersService,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const queue of [DEADLINE_QUEUE, REMINDER_QUEUE, SWEEP_QUEUE])
      await this.jobs.declare(queue, PROPOSAL_JOB_POLICY);
    if (!this.config.proposalWorkerEnabled) return;
    await this.jobs.work<ProposalJob>(DEADLINE_QUEUE, async (job) => {
      if (await this.closing.closeAtDeadline(job.data.proposalId)) {
        this.logger.log(`Proposal ${job.data.proposalId} closed at its deadline.`);
      }
      // The others due now too: their own jobs, fetched one a second, find them closed.
      const others = await this.closing.closeAllDue();
      if (others > 0) this.logger.log(`${others} other proposal(s) closed at their deadline.`);
    });
    await this.jobs.work<ProposalJob>(REMINDER_QUEUE, async (job) => {
      await this.reminders.remind(job.data.proposalId);
    });
    await this.jobs.work<object>(SWEEP_QUEUE, async () => {
      await this.closing.sweep();
    });
    await this.jobs.schedule(SWEEP_QUEUE, SWEEP_CRON);
  }
}
