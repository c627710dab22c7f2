import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryOn } from '../database/sql.js';
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
    const column = <K extends keyof OutboundMessage>(key: K) => messages.map((message) => message[key]);
    // One statement text whatever the count (arrays, not rows of parameters), so it is prepared once.
    const inserted = await queryOn<{ id: string }>(
      manager,
      `INSERT INTO outbox_message (dedupe_key, recipient_user_id, recipient_email, language, template, subject,
         text_body, html_body, attachments)
       SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
         $7::text[], $8::text[], $9::jsonb[])
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        column('dedupeKey'),
        column('recipientUserId'),
        column('recipientEmail'),
        column('language'),
        column('template'),
        column('subject'),
        column('textBody'),
        column('htmlBody'),
        messages.map((message) => JSON.stringify(message.attachments ?? [])),
      ],
      { prepare: true },
    );
    if (inserted.length > 0 && this.listener) {
      await this.listener(
        manager,
        inserted.map((row) => row.id),
      );
    }
  }
}
