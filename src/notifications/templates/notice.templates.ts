import type { Language } from '../../users/user.entity.js';
import type { MessageContent } from './layout.js';

/** What a notice email may say. `summary` is absent for AMBER+STRICT and RED, whose emails say no more than this. */
export interface NoticeMailFacts {
  reference: string;
  title: string;
  tlp: string;
  priority: 'routine' | 'priority' | 'flash';
  exercise: boolean;
  url: string;
  sourceMemberCode?: string;
  summary?: string;
}

/** TLP:AMBER+STRICT, TLP:RED… as the TLP 2.0 standard writes them. */
export const tlpLabel = (tlp: string) => `TLP:${tlp.replace('_', '+')}`;

const flash = (facts: NoticeMailFacts) => (facts.priority === 'flash' ? 'FLASH — ' : '');

export function noticeShared(language: Language, facts: NoticeMailFacts): MessageContent {
  const marking = tlpLabel(facts.tlp);
  const restricted = facts.summary === undefined;
  if (language === 'fr') {
    return {
      subject: restricted
        ? `${flash(facts)}Avis ${facts.reference} partagé avec vous [${marking}]`
        : `${flash(facts)}Avis ${facts.reference} partagé avec vous [${marking}] : ${facts.title}`,
      paragraphs: [
        `Le secrétariat du MRR du G7 a partagé l’avis ${facts.reference} avec votre organisation.`,
        `Titre : ${facts.title}\nMarquage : ${marking}`,
        ...(restricted
          ? ['Le contenu de cet avis n’est consultable que dans le système, après authentification.']
          : [`Résumé : ${facts.summary}`, `Source : ${facts.sourceMemberCode}`]),
        'Merci d’en accuser réception dans le système.',
      ],
      link: { label: 'Consulter l’avis', url: facts.url },
      exercise: facts.exercise,
    };
  }
  return {
    subject: restricted
      ? `${flash(facts)}Notice ${facts.reference} shared with you [${marking}]`
      : `${flash(facts)}Notice ${facts.reference} shared with you [${marking}]: ${facts.title}`,
    paragraphs: [
      `The G7 RRM secretariat has shared notice ${facts.reference} with your organisation.`,
      `Title: ${facts.title}\nMarking: ${marking}`,
      ...(restricted
        ? ['The content of this notice can only be read in the system, after signing in.']
        : [`Summary: ${facts.summary}`, `Source: ${facts.sourceMemberCode}`]),
      'Please acknowledge receipt in the system.',
    ],
    link: { label: 'Read the notice', url: facts.url },
    exercise: facts.exercise,
  };
}

/** To the secretariat: a notice waits for triage. Says only reference, title, marking and source. */
export function noticeSubmitted(language: Language, facts: NoticeMailFacts): MessageContent {
  const marking = tlpLabel(facts.tlp);
  if (language === 'fr') {
    return {
      subject: `${flash(facts)}Avis ${facts.reference} soumis pour tri [${marking}]`,
      paragraphs: [
        `${facts.sourceMemberCode} a soumis l’avis ${facts.reference}, qui attend votre tri.`,
        `Titre : ${facts.title}\nMarquage : ${marking}`,
      ],
      link: { label: 'Trier l’avis', url: facts.url },
      exercise: facts.exercise,
    };
  }
  return {
    subject: `${flash(facts)}Notice ${facts.reference} submitted for triage [${marking}]`,
    paragraphs: [
      `${facts.sourceMemberCode} submitted notice ${facts.reference}, which awaits your triage.`,
      `Title: ${facts.title}\nMarking: ${marking}`,
    ],
    link: { label: 'Triage the notice', url: facts.url },
    exercise: facts.exercise,
  };
}
