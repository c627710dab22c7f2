import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `withdrawn`: not sent, because before it could be delivered the recipient was deactivated or may no longer see
 * the record it is about.
 */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'withdrawn';

/** The kinds of record a message may be about (`accessTo`). */
/**
 * `notice-summary`: a notice whose summary the message quotes, which its marking must still let be mailed.
 * `proposal-for-members`: a proposal the message tells a member's focal point about, who must still be one.
 */
export type MessageRecordType = 'notice' | 'notice-summary' | 'proposal' | 'proposal-for-members' | 'meeting';

/** A record a message is about or names. */
export interface MessageRecord {
  type: MessageRecordType;
  id: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
  /** For calendar invitations: the iTIP method the attachment carries. */
  method?: string;
}

/** One email to one recipient, written in the same transaction as the change it reports. */
@Entity({ name: 'outbox_message' })
@Index('idx_outbox_message_status', ['status', 'createdAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Event + recipient: the same message is never queued twice. */
  @Index('uq_outbox_message_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 300 })
  dedupeKey: string;

  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId: string | null;

  @Column({ name: 'recipient_email', type: 'varchar', length: 320 })
  recipientEmail: string;

  @Column({ type: 'varchar', length: 2 })
  language: 'en' | 'fr';

  @Column({ type: 'varchar', length: 60 })
  template: string;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody: string;

  @Column({ type: 'jsonb', default: [] })
  attachments: MailAttachment[];

  /** The records the message is about or names, each of which its recipient must still see when it is delivered. */
  @Column({ name: 'access_to', type: 'jsonb', default: [] })
  accessTo: MessageRecord[];

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
