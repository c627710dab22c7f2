import type { DataSource } from 'typeorm';

export interface QueuedMail {
  id: string;
  recipient_email: string;
  language: string;
  template: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: string;
}

/** Messages queued in the outbox for one address, oldest first. */
export async function queuedMailTo(dataSource: DataSource, email: string): Promise<QueuedMail[]> {
  return dataSource.query('SELECT * FROM outbox_message WHERE recipient_email = $1 ORDER BY created_at, id', [email]);
}

/**
 * The messages queued for an address once there are at least `count` (a reset link is written just after
 * forgot-password answers), or an error after `timeoutMs`.
 */
export async function mailQueuedFor(
  dataSource: DataSource,
  email: string,
  count = 1,
  timeoutMs = 5_000,
): Promise<QueuedMail[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mails = await queuedMailTo(dataSource, email);
    if (mails.length >= count) return mails;
    if (Date.now() > until) throw new Error(`${mails.length} of ${count} messages were queued for ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The single-use token from the last set-password link mailed to an address (waiting for one to be queued). */
export async function passwordLinkTokenFor(dataSource: DataSource, email: string): Promise<string> {
  const mails = await mailQueuedFor(dataSource, email);
  const last = [...mails].reverse().find((mail) => /set-password\?token=/.test(mail.text_body));
  const match = last && /set-password\?token=([A-Za-z0-9_%.-]+)/.exec(last.text_body);
  if (!match) throw new Error(`no set-password link was mailed to ${email}`);
  return decodeURIComponent(match[1]);
}
