import type { EntityManager } from 'typeorm';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Proposal } from './proposal.entity.js';

/** Closes one proposal at its deadline. */
export const DEADLINE_QUEUE = 'proposal-deadline';
/** Reminds the members that have not replied, 24 hours before the deadline. */
export const REMINDER_QUEUE = 'proposal-reminder';
/** Every minute: closes any open proposal whose deadline passed without its job (lost, or failed for good). */
export const SWEEP_QUEUE = 'proposal-deadline-sweep';
export const SWEEP_CRON = '* * * * *';

export const REMINDER_LEAD_MS = 24 * 60 * 60 * 1000;

/** Retried for about 20 minutes (5 s doubling to 60 s); a job held by a process that died is handed on after 2 minutes. */
export const PROPOSAL_JOB_POLICY = {
  retryLimit: 20,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 60,
  expireInSeconds: 120,
};

export interface ProposalJob {
  proposalId: string;
}

/**
 * Schedules the closing at the deadline, and the reminder when 24 hours before the deadline is still ahead, in
 * the caller's transaction. `singletonKey` names the proposal's job; what makes closing happen once is the row
 * lock and status check in the closing itself, whoever runs it.
 */
export async function scheduleDeadlineJobs(
  jobs: JobQueue,
  manager: EntityManager,
  proposal: Proposal,
  now: Date,
): Promise<void> {
  const data: ProposalJob = { proposalId: proposal.id };
  await jobs.sendInTransaction(manager, DEADLINE_QUEUE, data, {
    startAfter: proposal.deadline,
    singletonKey: proposal.id,
  });
  const remindAt = new Date(proposal.deadline.getTime() - REMINDER_LEAD_MS);
  if (remindAt.getTime() > now.getTime()) {
    await jobs.sendInTransaction(manager, REMINDER_QUEUE, data, { startAfter: remindAt, singletonKey: proposal.id });
  }
}
