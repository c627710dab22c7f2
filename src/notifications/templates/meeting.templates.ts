import type { Language } from '../../users/user.entity.js';
import type { MessageContent } from './layout.js';

/** What a meeting email may say, already worded in the recipient's language (dates, times, zone). */
export interface MeetingMailFacts {
  title: string;
  kind: 'regular' | 'extraordinary' | 'working_group';
  /** In the meeting's zone with its UTC offset, then in UTC. */
  when: string;
  /** The day in the meeting's zone, for the subject. */
  day: string;
  location: string | null;
  virtualUrl: string | null;
  hostMemberCodes: string[];
  exercise: boolean;
  url: string;
}

export interface AgendaLine {
  position: number;
  title: string;
  presenterMemberCode: string | null;
  durationMinutes: number | null;
  noticeReference: string | null;
}

const KIND: Record<Language, Record<MeetingMailFacts['kind'], string>> = {
  en: {
    regular: 'Focal point meeting',
    extraordinary: 'Extraordinary meeting',
    working_group: 'Working group meeting',
  },
  fr: {
    regular: 'Réunion des points focaux',
    extraordinary: 'Réunion extraordinaire',
    working_group: 'Réunion de groupe de travail',
  },
};

const LABELS = {
  en: { when: 'When', where: 'Where', online: 'Online', hosts: 'Hosts', details: 'Meeting details', sep: ':' },
  fr: { when: 'Quand', where: 'Lieu', online: 'En ligne', hosts: 'Hôtes', details: 'Détails de la réunion', sep: ' :' },
} as const;

function summary(language: Language, facts: MeetingMailFacts): string {
  const l = LABELS[language];
  return [
    `${KIND[language][facts.kind]}${l.sep} ${facts.title}`,
    `${l.when}${l.sep} ${facts.when}`,
    ...(facts.location ? [`${l.where}${l.sep} ${facts.location}`] : []),
    ...(facts.virtualUrl ? [`${l.online}${l.sep} ${facts.virtualUrl}`] : []),
    `${l.hosts}${l.sep} ${facts.hostMemberCodes.join(', ')}`,
  ].join('\n');
}

const content = (
  language: Language,
  facts: MeetingMailFacts,
  subject: string,
  paragraphs: string[],
): MessageContent => ({
  subject: `${subject}${LABELS[language].sep} ${facts.title} — ${facts.day}`,
  paragraphs,
  link: { label: LABELS[language].details, url: facts.url },
  exercise: facts.exercise,
});

export function meetingInvitation(language: Language, facts: MeetingMailFacts): MessageContent {
  return language === 'fr'
    ? content(language, facts, 'Invitation', [
        'Le secrétariat du MRR du G7 invite votre organisation à la réunion suivante.',
        summary(language, facts),
        'Merci de répondre dans le système (présence et participants). L’invitation de calendrier est jointe.',
      ])
    : content(language, facts, 'Invitation', [
        'The G7 RRM secretariat invites your organisation to the following meeting.',
        summary(language, facts),
        'Please reply in the system (attendance and attendees). The calendar invitation is attached.',
      ]);
}

export function meetingUpdated(language: Language, facts: MeetingMailFacts): MessageContent {
  return language === 'fr'
    ? content(language, facts, 'Réunion modifiée', [
        'Cette réunion a changé (intitulé, date, heure ou lieu). Voici les informations à jour.',
        summary(language, facts),
        'L’invitation de calendrier jointe met à jour votre agenda.',
      ])
    : content(language, facts, 'Meeting changed', [
        'This meeting has changed (title, time or place). Here are the current details.',
        summary(language, facts),
        'The attached calendar invitation updates your calendar.',
      ]);
}

export function meetingCancelled(language: Language, facts: MeetingMailFacts): MessageContent {
  return language === 'fr'
    ? content(language, facts, 'Réunion annulée', [
        'Cette réunion est annulée.',
        summary(language, facts),
        'L’annulation jointe retire la réunion de votre agenda.',
      ])
    : content(language, facts, 'Meeting cancelled', [
        'This meeting has been cancelled.',
        summary(language, facts),
        'The attached cancellation removes it from your calendar.',
      ]);
}

/** To the members taken off the invitation list. */
export function meetingUninvited(language: Language, facts: MeetingMailFacts): MessageContent {
  return language === 'fr'
    ? content(language, facts, 'Invitation retirée', [
        'Votre organisation n’est plus invitée à cette réunion.',
        summary(language, facts),
        'L’annulation jointe retire la réunion de votre agenda.',
      ])
    : content(language, facts, 'Invitation withdrawn', [
        'Your organisation is no longer invited to this meeting.',
        summary(language, facts),
        'The attached cancellation removes it from your calendar.',
      ]);
}

function agendaLines(language: Language, items: AgendaLine[]): string {
  const fr = language === 'fr';
  return items
    .map((item) => {
      const extras = [
        ...(item.durationMinutes ? [`${item.durationMinutes} min`] : []),
        ...(item.presenterMemberCode ? [`${fr ? 'présenté par' : 'presented by'} ${item.presenterMemberCode}`] : []),
        ...(item.noticeReference ? [`${fr ? 'avis' : 'notice'} ${item.noticeReference}`] : []),
      ];
      return `${item.position}. ${item.title}${extras.length ? ` (${extras.join(', ')})` : ''}`;
    })
    .join('\n');
}

export function agendaCirculated(
  language: Language,
  facts: MeetingMailFacts,
  agendaVersion: number,
  items: AgendaLine[],
): MessageContent {
  return language === 'fr'
    ? content(language, facts, `Ordre du jour (version ${agendaVersion})`, [
        'Le secrétariat du MRR du G7 diffuse l’ordre du jour de la réunion.',
        summary(language, facts),
        `Ordre du jour :\n${agendaLines(language, items)}`,
      ])
    : content(language, facts, `Agenda (version ${agendaVersion})`, [
        'The G7 RRM secretariat circulates the agenda of the meeting.',
        summary(language, facts),
        `Agenda:\n${agendaLines(language, items)}`,
      ]);
}
