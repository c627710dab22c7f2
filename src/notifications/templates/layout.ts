import type { Language } from '../../users/user.entity.js';

/** What a template produces; the layout turns it into a subject, plain text and HTML. */
export interface MessageContent {
  subject: string;
  /** Paragraphs of plain text. */
  paragraphs: string[];
  /** An optional call to action. */
  link?: { label: string; url: string };
  /** Table-top exercise traffic: "[EXERCISE]" in the subject and a banner in the body. */
  exercise?: boolean;
}

export interface RenderedMessage {
  subject: string;
  textBody: string;
  htmlBody: string;
}

const BANNER: Record<Language, string> = {
  en: 'EXERCISE — table-top exercise traffic, not a real event.',
  fr: 'EXERCICE — trafic d’exercice, pas un événement réel.',
};

const FOOTER: Record<Language, string> = {
  en: 'G7 Rapid Response Mechanism — permanent secretariat. This message was sent automatically.',
  fr: 'Mécanisme de réponse rapide du G7 — secrétariat permanent. Ce message a été envoyé automatiquement.',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Strips line breaks so that no value can inject a mail header. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();

export function render(language: Language, content: MessageContent): RenderedMessage {
  const subject = oneLine(`${content.exercise ? '[EXERCISE] ' : ''}${content.subject}`);
  const text = [
    ...(content.exercise ? [`*** ${BANNER[language]} ***`, ''] : []),
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    // French sets a space before a colon (« Résumé : »), as its templates write.
    ...(content.link ? [`${content.link.label}${language === 'fr' ? ' :' : ':'} ${content.link.url}`, ''] : []),
    '--',
    FOOTER[language],
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    content.exercise
      ? `<p style="background:#b00;color:#fff;padding:8px;font-weight:bold">${escapeHtml(BANNER[language])}</p>`
      : '',
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`),
    content.link ? `<p><a href="${escapeHtml(content.link.url)}">${escapeHtml(content.link.label)}</a></p>` : '',
    `<hr><p style="color:#666;font-size:small">${escapeHtml(FOOTER[language])}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, textBody: text, htmlBody: html };
}
