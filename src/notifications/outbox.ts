import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Statement } from '../database/sql.js';
import type { MailAttachment, MessageRecord } from './outbox-message.entity.js';

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
  /**
   * The records the message is about or names, each of which the recipient must still be allowed to see when it is
   * delivered (checked by `MailAccess`); none for messages that need no such right (account mail, a withdrawn
   * invitation).
   */
  accessTo?: MessageRecord[];
}

/** Builds the statement scheduling delivery of the messages with these ids, sent with their insert. */
export type OutboxListener = (ids: string[]) => Promise<Statement>;

/**
 * Writes messages to the outbox inside the caller's transaction (`Transaction.notify`). Delivery happens after
 * commit, elsewhere; a message whose dedupe key is already queued is skipped, so nobody gets the same message
 * twice. Ids are chosen here, so the messages and their delivery jobs are written by two statements that depend
 * on no answer and leave with the commit; a job whose message was skipped finds none and ends without sending.
 */
@Injectable()
export class Outbox {
  private listener: OutboxListener | null = null;

  /** The delivery worker registers here to schedule delivery jobs in the same transaction. */
  onEnqueue(listener: OutboxListener): void {
    this.listener = listener;
  }

  /** The statements writing `messages` and scheduling their delivery (none for no messages); nothing is sent here. */
  async statements(messages: OutboundMessage[]): Promise<Statement[]> {
    if (messages.length === 0) return [];
    const ids = messages.map(() => randomUUID());
    const column = <K extends keyof OutboundMessage>(key: K) => messages.map((message) => message[key]);
    const write: Statement = {
      // One text whatever the count (arrays, not rows of parameters), so it is prepared once.
      text: `INSERT INTO outbox_message (id, dedupe_key, recipient_user_id, recipient_email, language, template,
           subject, text_body, html_body, attachments, access_to)
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::varchar[], $5::varchar[], $6::varchar[],
           $7::varchar[], $8::text[], $9::text[], $10::jsonb[], $11::jsonb[])
         ON CONFLICT (dedupe_key) DO NOTHING`,
      values: [
        ids,
        column('dedupeKey'),
        column('recipientUserId'),
        column('recipientEmail'),
        column('language'),
        column('template'),
        column('subject'),
        column('textBody'),
        column('htmlBody'),
        messages.map((message) => JSON.stringify(message.attachments ?? [])),
        messages.map((message) => JSON.stringify(message.accessTo ?? [])),
      ],
    };
    return this.listener ? [write, await this.listener(ids)] : [write];
  }
}
