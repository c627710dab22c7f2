import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MailAttachment } from './outbox-message.entity.js';

/** A rendered email for one recipient, ready to queue. */
export interface OutboundMessage {
  dedupeKey: string;
  recipientUserId: string | null;
  recipientEmail: string;
  language: 'en' | 'fr';
  template: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attachments?: MailAttachment[];
}

export type OutboxListener = (manager: EntityManager, ids: string[]) => Promise<void>;

/**
 * Writes messages to the outbox inside the caller's transaction. Delivery happens after commit, elsewhere;
 * a message whose dedupe key is already queued is skipped, so nobody gets the same message twice.
 */
@Injectable()
export class Outbox {
  private listener: OutboxListener | null = null;

  /** The delivery worker registers here to schedule delivery jobs in the same transaction. */
  onEnqueue(listener: OutboxListener): void {
    this.listener = listener;
  }

  async enqueue(manager: EntityManager, messages: OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const values: unknown[] = [];
    const tuples = messages.map((message, index) => {
      values.push(
        message.dedupeKey,
        message.recipientUserId,
        message.recipientEmail,
        message.language,
        message.template,
        message.subject,
        message.textBody,
        message.htmlBody,
        JSON.stringify(message.attachments ?? []),
      );
      const base = index * 9;
      return `(${Array.from({ length: 9 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    const inserted = (await manager.query(
      `INSERT INTO outbox_message (dedupe_key, recipient_user_id, recipient_email, language, template, subject,
         text_body, html_body, attachments) VALUES ${tuples.join(', ')}
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      values,
    )) as { id: string }[];
    if (inserted.length > 0 && this.listener) {
      await this.listener(
        manager,
        inserted.map((row) => row.id),
      );
    }
  }
}
