import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { OutboxMessage } from './outbox-message.entity.js';

/**
 * The one wrapper around nodemailer. With SMTP_URL: SMTP with bounded timeouts. Without: each message is written
 * as an .eml file under <DATA_DIR>/mail, so a development start shows what would be sent.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly transporter: Transporter;
  private readonly mailDir: string | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) {
      this.mailDir = null;
      this.transporter = nodemailer.createTransport(config.smtpUrl, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as never);
    } else {
      this.mailDir = resolve(config.dataDir, 'mail');
      this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  describe(): string {
    return this.mailDir ? `.eml files in ${this.mailDir}` : 'SMTP';
  }

  async deliver(message: OutboxMessage): Promise<void> {
    const calendar = message.attachments.find((attachment) => attachment.method);
    const mail: SendMailOptions = {
      from: this.config.mailFrom,
      to: message.recipientEmail,
      subject: message.subject,
      text: message.textBody,
      html: message.htmlBody,
      messageId: `<${message.id}@rrm-secretariat>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: message.attachments
        .filter((attachment) => !attachment.method)
        .map(({ filename, contentType, content }) => ({ filename, contentType, content })),
      ...(calendar
        ? { icalEvent: { method: calendar.method, filename: calendar.filename, content: calendar.content } }
        : {}),
    };
    const info = await this.transporter.sendMail(mail);
    if (this.mailDir) {
      // Invitations and resets hold live set-password links: readable by this user only.
      mkdirSync(this.mailDir, { recursive: true, mode: 0o700 });
      writeFileSync(
        join(this.mailDir, `${message.createdAt.toISOString().replace(/[:.]/g, '-')}-${message.id}.eml`),
        info.message as Buffer,
        { mode: 0o600 },
      );
    }
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
