import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PASSWORD_TOKEN_PREFIX } from '../auth/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Member } from '../members/member.entity.js';
import { User } from '../users/user.entity.js';
import { JobQueue } from '../jobs/job-queue.js';
import { MailAccess } from './mail-access.js';
import { MailTransport } from './mail-transport.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { Outbox } from './outbox.js';

export const MAIL_QUEUE = 'mail-delivery';

/**
 * Once a message is sent (or withdrawn), the single-use set-password token in its link is struck from the stored
 * copy: the database keeps only the token's hash (`password_token`), and the outbox must not keep the token.
 */
const TOKEN_PATTERN = `${PASSWORD_TOKEN_PREFIX}[A-Za-z0-9_-]+`;
const SCRUBBED = `text_body = regexp_replace(text_body, '${TOKEN_PATTERN}', '[link sent]', 'g'),
         html_body = regexp_replace(html_body, '${TOKEN_PATTERN}', '[link sent]', 'g')`;

/** About 30 minutes of retries: 2 s doubling to at most 30 s between attempts. */
export const MAIL_RETRY = {
  retryLimit: 70,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 30,
  expireInSeconds: 120,
};

/**
 * How many messages one delivery job carries, all sent at once: with the transport's timeouts (at most about
 * 50 s for a message to a server that hangs), a job ends well within its 120 s expiry.
 */
export const MESSAGES_PER_JOB = 20;

/** A delivery job: the messages of one change (jobs queued by earlier versions carry one `messageId`). */
type DeliveryJob = { messageIds: string[] } | { messageId: string };

/**
 * Delivers outbox messages after commit: the messages a change queues get delivery jobs in the same
 * transaction, one per 20 messages (a share to every member is one job, not one per recipient). A worker sends a
 * job's messages and marks each sent; if any failed, the job is retried with backoff and sends only those not yet
 * sent; after the last retry, those still failing are marked failed for admins to see. A message already marked
 * sent is never sent again.
 */
@Injectable()
export class MailDelivery implements OnModuleInit {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly access: MailAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.declare(MAIL_QUEUE, MAIL_RETRY);
    this.outbox.onEnqueue((ids) => this.jobs.insertStatement(MAIL_QUEUE, deliveryJobs(ids)));
    if (this.config.mailWorkerEnabled) {
      this.logger.log(`Delivering email by ${this.transport.describe()}.`);
      await this.jobs.work<DeliveryJob>(MAIL_QUEUE, async (job) => {
        const ids = 'messageIds' in job.data ? job.data.messageIds : [job.data.messageId];
        await this.deliverAll(ids, job.retryCount >= job.retryLimit);
      });
    }
  }

  /** Sends the messages at once; fails (so the job is retried) with the first failure once all were tried. */
  async deliverAll(messageIds: string[], lastAttempt: boolean): Promise<void> {
    const outcomes = await Promise.allSettled(messageIds.map((id) => this.deliver(id, lastAttempt)));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /**
   * Sends one message; a job whose message was never written (a duplicate the outbox skipped) just ends. A
   * recipient deactivated since the message was queued, or who may no longer see the record it is about (taken
   * out of the audience, off the invitees, or moved to another member or role), is not sent it (it is marked
   * withdrawn): however long delivery was held up, nobody is mailed what they may not read.
   */
  async deliver(messageId: string, lastAttempt: boolean): Promise<void> {
    const message = await this.dataSource.manager.findOneBy(OutboxMessage, { id: messageId });
    if (!message || message.status === 'sent' || message.status === 'withdrawn') return;
    const withdrawal = await this.reasonToWithhold(message);
    if (withdrawal) {
      await this.dataSource.query(
        `UPDATE outbox_message SET status = 'withdrawn', last_error = $2, ${SCRUBBED} WHERE id = $1 AND status <> 'sent'`,
        [messageId, withdrawal],
      );
      return;
    }
    try {
      await this.transport.deliver(message);
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 300) : 'delivery failed';
      await this.dataSource.query(
        `UPDATE outbox_message SET attempts = attempts + 1, last_error = $2, status = $3 WHERE id = $1 AND status <> 'sent'`,
        [messageId, reason, lastAttempt ? 'failed' : 'pending'],
      );
      this.logger.warn(`Delivery of message ${messageId} failed${lastAttempt ? ' for the last time' : ''}: ${reason}`);
      throw error;
    }
    await this.dataSource.query(
      `UPDATE outbox_message SET attempts = attempts + 1, status = 'sent', sent_at = now(), last_error = NULL,
         ${SCRUBBED} WHERE id = $1`,
      [messageId],
    );
  }

  /** Why the message must no longer go to its recipient, or null when it may. */
  private async reasonToWithhold(message: OutboxMessage): Promise<string | null> {
    if (message.recipientUserId === null) return null;
    const manager = this.dataSource.manager;
    const recipient = await manager.findOneBy(User, { id: message.recipientUserId });
    if (!recipient?.active) return 'The recipient was deactivated.';
    if (message.accessTo.length === 0) return null; // account mail: the person's own, whatever their member
    // A deactivated member is out of the network's mail, whatever was queued for it before.
    if (
      recipient.memberCode !== null &&
      !(await manager.existsBy(Member, { code: recipient.memberCode, active: true }))
    )
      return "The recipient's member was deactivated.";
    for (const { type, id } of message.accessTo) {
      if (!(await this.access.maySee(manager, recipient, type, id))) return this.access.refusalFor(type);
    }
    return null;
  }

  /** Puts a failed message back in the queue, in the caller's transaction. */
  async requeue(manager: EntityManager, messageId: string): Promise<void> {
    await manager.query(`UPDATE outbox_message SET status = 'pending', last_error = NULL WHERE id = $1`, [messageId]);
    await this.jobs.sendInTransaction(manager, MAIL_QUEUE, { messageIds: [messageId] });
  }
}

/** The delivery jobs for these messages: one per MESSAGES_PER_JOB. */
function deliveryJobs(messageIds: string[]): { messageIds: string[] }[] {
  const jobs: { messageIds: string[] }[] = [];
  for (let start = 0; start < messageIds.length; start += MESSAGES_PER_JOB) {
    jobs.push({ messageIds: messageIds.slice(start, start + MESSAGES_PER_JOB) });
  }
  return jobs;
}
