import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Transaction } from '../database/unit-of-work.js';
import type { User } from '../users/user.entity.js';
import { invitation, mfaChanged, passwordChanged, passwordReset } from './templates/account.templates.js';
import { render, type MessageContent } from './templates/layout.js';

const LINK_HOURS = 72;

/** Account emails: invitations, reset links, and notices of security changes. */
@Injectable()
export class AccountMail {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  passwordLink(tx: Transaction, user: User, purpose: 'invitation' | 'reset', token: string): void {
    const url = `${this.config.appBaseUrl}/set-password?token=${encodeURIComponent(token)}`;
    const content = (purpose === 'invitation' ? invitation : passwordReset)(user.preferredLanguage, {
      name: user.displayName,
      url,
      hours: LINK_HOURS,
    });
    this.queue(tx, user, `account.${purpose}`, content, `${purpose}:${user.id}:${randomUUID()}`);
  }

  passwordChanged(tx: Transaction, user: User): void {
    const content = passwordChanged(user.preferredLanguage, { name: user.displayName });
    this.queue(tx, user, 'account.password_changed', content, `password-changed:${user.id}:${randomUUID()}`);
  }

  mfaChanged(tx: Transaction, user: User, enabled: boolean): void {
    const content = mfaChanged(user.preferredLanguage, { name: user.displayName, enabled });
    this.queue(tx, user, 'account.mfa_changed', content, `mfa:${user.id}:${randomUUID()}`);
  }

  private queue(tx: Transaction, user: User, template: string, content: MessageContent, dedupeKey: string): void {
    tx.notify({
      dedupeKey,
      recipientUserId: user.id,
      recipientEmail: user.email,
      language: user.preferredLanguage,
      template,
      ...render(user.preferredLanguage, content),
    });
  }
}
