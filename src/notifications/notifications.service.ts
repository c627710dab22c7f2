import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, notFound } from '../common/errors/app-error.js';
import { pageByTime, type Page, type PageQuery } from '../common/pagination.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { FailedMessageView } from './failed-message.view.js';
import { MailDelivery } from './mail-delivery.js';
import { OutboxMessage } from './outbox-message.entity.js';
import type { Caller } from '../common/request-context.js';

const toView = (message: OutboxMessage): FailedMessageView => ({
  id: message.id,
  recipientEmail: message.recipientEmail,
  template: message.template,
  subject: message.subject,
  attempts: message.attempts,
  lastError: message.lastError,
  createdAt: message.createdAt.toISOString(),
});

/** What admins see and do about email that could not be delivered. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly delivery: MailDelivery,
  ) {}

  async failed(query: PageQuery): Promise<Page<FailedMessageView>> {
    const builder = this.dataSource.manager.createQueryBuilder(OutboxMessage, 'm').where(`m.status = 'failed'`);
    return pageByTime(builder, { column: 'created_at', time: (m) => m.createdAt, order: 'DESC' }, query, toView);
  }

  retry(actor: Caller, id: string): Promise<void> {
    return this.unitOfWork.run(actor, async (tx) => {
      const message = await tx.manager.findOne(OutboxMessage, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!message) throw notFound('Message');
      if (message.status !== 'failed') {
        throw new AppError('invalid_state', `Only failed messages can be retried; this one is ${message.status}.`);
      }
      await this.delivery.requeue(tx.manager, id);
      tx.audit({
        action: 'notification.retried',
        entityType: 'outbox_message',
        entityId: id,
        changes: { messageId: id },
      });
    });
  }
}
