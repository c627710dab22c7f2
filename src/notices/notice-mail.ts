import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Transaction } from '../database/unit-of-work.js';
import { MailAccess } from '../notifications/mail-access.js';
import { Recipients, type MemberRecipient } from '../notifications/recipients.js';
import { render, type MessageContent } from '../notifications/templates/layout.js';
import { noticeShared, noticeSubmitted, type NoticeMailFacts } from '../notifications/templates/notice.templates.js';
import type { Language } from '../users/user.entity.js';
import type { Notice, TlpMarking } from './notice.entity.js';
import { audienceIncludes, viewerOf, visibleNotices } from './notices.policy.js';

/** Markings whose emails carry only reference, title, marking and link. */
const RESTRICTED: readonly TlpMarking[] = ['AMBER_STRICT', 'RED'];

interface Addressee {
  userId: string;
  email: string;
  preferredLanguage: Language;
}

/** Notice emails: one per recipient, in the recipient's language, queued in the use case's transaction. */
@Injectable()
export class NoticeMail {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly recipients: Recipients,
    access: MailAccess,
  ) {
    access.register('notice', 'notice', (reader, alias) => visibleNotices(viewerOf(reader), alias));
    // A message quoting the summary goes out only while the marking still lets a summary be mailed: a notice
    // raised to AMBER+STRICT or RED while its email waits is not mailed under the marking it had.
    access.register(
      'notice-summary',
      'notice',
      (reader, alias) => {
        const visible = visibleNotices(viewerOf(reader), alias);
        const restricted = RESTRICTED.map((marking) => `'${marking}'`).join(', ');
        return { where: `${visible.where} AND ${alias}.tlp NOT IN (${restricted})`, params: visible.params };
      },
      "The notice's marking was raised since: its summary is no longer mailed.",
    );
  }

  /**
   * Tells the active focal points and observers of every active audience member. The dedupe key is per notice
   * and user, so calling it again (e.g. after the audience grows) only reaches those not told yet.
   */
  async shared(tx: Transaction, notice: Notice, reachable?: MemberRecipient[]): Promise<number> {
    const audience = { scope: notice.audienceScope, memberCodes: notice.audienceMemberCodes };
    const recipients = (reachable ?? (await this.reachable(tx))).filter((recipient) =>
      audienceIncludes(audience, { code: recipient.memberCode, kind: recipient.memberKind }),
    );
    const facts = this.facts(notice, !RESTRICTED.includes(notice.tlp));
    for (const recipient of recipients) {
      const content = noticeShared(recipient.preferredLanguage, facts);
      this.queue(tx, recipient, 'notice.shared', content, notice, facts.summary !== undefined);
    }
    return recipients.length;
  }

  /** Everyone a share may reach, before its audience picks among them: read up front, beside the notice. */
  reachable(tx: Transaction): Promise<MemberRecipient[]> {
    return this.recipients.ofActiveMembers(tx.manager);
  }

  /** Tells the active secretariat staff that a notice waits for triage. */
  async submitted(tx: Transaction, notice: Notice): Promise<void> {
    const facts = this.facts(notice, false);
    for (const staff of await this.recipients.secretariat(tx.manager)) {
      this.queue(tx, staff, 'notice.submitted', noticeSubmitted(staff.preferredLanguage, facts), notice);
    }
  }

  private facts(notice: Notice, withSummary: boolean): NoticeMailFacts {
    return {
      reference: notice.reference,
      title: notice.title,
      tlp: notice.tlp,
      priority: notice.priority,
      exercise: notice.exercise,
      url: `${this.config.appBaseUrl}/notices/${notice.id}`,
      sourceMemberCode: notice.sourceMemberCode,
      ...(withSummary ? { summary: notice.summary } : {}),
    };
  }

  private queue(
    tx: Transaction,
    to: Addressee,
    template: 'notice.shared' | 'notice.submitted',
    content: MessageContent,
    notice: Notice,
    quotesSummary = false,
  ): void {
    tx.notify({
      dedupeKey: `${template.replace('.', '-')}:${notice.id}:${to.userId}`,
      recipientUserId: to.userId,
      recipientEmail: to.email,
      language: to.preferredLanguage,
      template,
      ...render(to.preferredLanguage, content),
      accessTo: [
        { type: 'notice', id: notice.id },
        ...(quotesSummary ? [{ type: 'notice-summary' as const, id: notice.id }] : []),
      ],
    });
  }
}
