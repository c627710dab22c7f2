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

/** The single-use token from the last set-password link mailed to an address. */
export async function passwordLinkTokenFor(dataSource: DataSource, email: string): Promise<string> {
  const mails = await queuedMailTo(dataSource, email);
  const last = [...mails].reverse().find((mail) => /set-password\?token=/.test(mail.text_body));
  const match = last && /set-password\?token=([A-Za-z0-9_%.-]+)/.exec(last.text_body);
  if (!match) throw new Error(`no set-password link was mailed to ${email}`);
  return decodeURIComponent(match[1]);
}
